package io.doorlock.base.bus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How a service publishes on the internal MQTT bus. */
@ConfigMapping(prefix = "doorlock.bus")
public interface BusConfig {

    /** How long a publish may wait for the broker's PUBACK before the caller is told the bus is unavailable. */
    @WithDefault("5s")
    Duration publishTimeout();

    /**
     * Publishes made without waiting ({@link BusPublisher#publishAsync}) that may await their PUBACK at once; one
     * more is published as a waiting publish on its caller's thread. Kept below the outgoing channel's buffer (128).
     */
    @WithDefault("64")
    int asyncInFlight();

    /**
     * Threads that handle bus messages of different devices side by side ({@link DeviceWork}); the messages of one
     * device are still handled one after another, in arrival order.
     */
    @WithDefault("16")
    int workers();

    /** The replay of recent bus messages to the audit trail after the bus came back ({@link BusReplay}). */
    Replay replay();

    interface Replay {
        /** Replay at all. */
        @WithDefault("true")
        boolean enabled();

        /** How far before the moment the bus was found lost the replay reaches back. */
        @WithDefault("15s")
        Duration lookBack();

        /** Waits after the bus came back before each replay (the audit trail's session must have subscribed again). */
        @WithDefault("5s,30s")
        List<Duration> after();

        /** Most messages kept for a replay; older ones are dropped first (and counted). */
        @WithDefault("50000")
        int maxMessages();
    }
}
