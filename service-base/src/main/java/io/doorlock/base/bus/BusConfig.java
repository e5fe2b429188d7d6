package io.doorlock.base.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service publishes on the internal MQTT bus. */
@ConfigMapping(prefix = "doorlock.bus")
public interface BusConfig {

    /** How long a publish may wait for the broker's PUBACK before the caller is told the bus is unavailable. */
    @WithDefault("5s")
    Duration publishTimeout();
}
