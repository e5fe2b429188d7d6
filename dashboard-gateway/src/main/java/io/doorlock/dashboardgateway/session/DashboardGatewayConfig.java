package io.doorlock.dashboardgateway.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of dashboard-gateway. */
@ConfigMapping(prefix = "doorlock.dashboard-gateway")
public interface DashboardGatewayConfig {

    /** How long a dashboard WebSocket may stay open without authenticating before it is closed (4408). */
    @WithDefault("10s")
    Duration authTimeout();

    /** Frames waiting for one dashboard; when full, the oldest status frame is dropped for the new one. */
    @io.smallrye.config.WithDefault("256")
    int outboxCapacity();

    /** A dashboard whose current frame has not been taken for this long is closed (1013, try again later). */
    @io.smallrye.config.WithDefault("10s")
    Duration outboxStuckAfter();

    /** Device ownership and sharing from configuration, keyed by device id: the skeleton's stand-in for the registry. */
    Map<String, StaticDevice> staticDevices();

    interface StaticDevice {
        /** User id of the owner (permission admin). */
        String owner();

        /** Display name. */
        Optional<String> name();

        /** Shares: user id to {@code view} or {@code control}. */
        Map<String, String> shared();
    }
}
