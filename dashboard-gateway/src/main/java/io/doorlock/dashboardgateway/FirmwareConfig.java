package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Where {@code firmware_update} may send a device for its image. */
@ConfigMapping(prefix = "doorlock.dashboard-gateway.firmware")
public interface FirmwareConfig {

    /**
     * Hosts a firmware URL may name, comma-separated: an exact host ({@code fw.example.com}) or every host under a
     * domain ({@code *.example.com}, not the domain itself). None by default: {@code firmware_update} is refused until
     * an operator allows the hosts the firmware images are served from.
     */
    Optional<List<String>> allowedHosts();
}
