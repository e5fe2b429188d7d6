package io.doorlock.devicegateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Configuration of device-gateway. */
@ConfigMapping(prefix = "doorlock.device-gateway")
public interface DeviceGatewayConfig {

    /** How long a WebSocket may stay open without authenticating before it is closed (4408). */
    @WithDefault("10s")
    Duration authTimeout();

    /** Flood protection: per WebSocket connection, and per MQTT device on each replica. */
    RateLimit rateLimit();

    interface RateLimit {
        /** Frames a connection may send per second, sustained. An ESP32 sends about one frame per 30 s plus events. */
        @WithDefault("10")
        double framesPerSecond();

        /** Frames a connection may send in a burst above the sustained rate (e.g. queued events after Wi-Fi returns). */
        @WithDefault("50")
        int burst();

        /** Refused frames in a row after which the connection is closed (4429). */
        @WithDefault("200")
        int closeAfter();
    }

    /** Presence: heartbeats, timeouts and battery. */
    Presence presence();

    interface Presence {
        /**
         * A device that sends nothing on any of its connections for this long is offline ({@code heartbeat_timeout});
         * its WebSocket, if this replica holds it, is closed. Devices heartbeat every 30 s, so 90 s allows two misses.
         */
        @WithDefault("90s")
        Duration heartbeatTimeout();

        /** How often each replica looks for silent devices (in the database and among its own sockets). */
        @WithDefault("10s")
        Duration sweepInterval();

        /**
         * How often each replica counts the devices online platform-wide, by link, for
         * {@code doorlock_devices_online{link}} (every replica reports the same figure: aggregate with max).
         */
        @WithDefault("15s")
        Duration censusInterval();

        /**
         * How often the heartbeats seen are written to the database, in one batch. lastSeen in the database lags by at
         * most this much; it must stay well below the heartbeat timeout.
         */
        @WithDefault("5s")
        Duration flushInterval();

        /**
         * An MQTT message handled within this long after the device's MQTT {@code offline} (its Last Will) never
         * registers the link again. The device topics are consumed on separate channels and worker threads, so a
         * message sent just before the connection died may be handled just after the Will. A device that really
         * reconnects says {@code online}, which registers it at once; this only delays the fallback for a missed
         * {@code online}.
         */
        @WithDefault("5s")
        Duration mqttRelinkGrace();

        /** Battery level (percent) below which {@code low_battery} is emitted, once per crossing. */
        @WithDefault("20")
        int lowBatteryThreshold();

        /** The level must climb this many points above the threshold before a new crossing can be reported. */
        @WithDefault("5")
        int lowBatteryHysteresis();
    }

    /** Admission of device WebSocket handshakes, so that a reconnect storm after a restart cannot overwhelm a replica. */
    Admission admission();

    interface Admission {
        /**
         * WebSockets opened but not yet authenticated that a replica accepts at once. Further upgrade requests are
         * refused with HTTP 503 and a Retry-After header.
         */
        @WithDefault("1000")
        int maxPendingHandshakes();

        /** The Retry-After hint; a random jitter of up to the same amount again is added to spread the retries. */
        @WithDefault("5s")
        Duration retryAfter();
    }

    /** Doorbell photos ({@code POST /api/door/upload}), handed to dashboard-gateway, which owns visitor logs. */
    Visitors visitors();

    interface Visitors {
        /** Largest photo accepted, in bytes; larger gets 413. */
        @WithDefault("5242880")
        int maxImageBytes();

        /** Where dashboard-gateway's internal visitor route is (cluster-internal; never through the ingress). */
        @WithDefault("http://127.0.0.1:8080")
        String dashboardUrl();

        /** The shared secret for that route (from a Secret: DOORLOCK_DEVICE_GATEWAY_VISITORS_INTERNAL_TOKEN). */
        Optional<String> internalToken();

        /** How long to wait for dashboard-gateway before answering 503. */
        @WithDefault("10s")
        Duration timeout();

        /** Photo uploads per device: each one becomes a visitor that the owner is told about. */
        UploadLimits uploadLimits();
    }

    interface UploadLimits {
        /** The window the limit counts over. */
        @WithDefault("1m")
        Duration window();

        /**
         * Uploads per device per window, counted once the device's token is checked (a stranger cannot use up a
         * device's uploads); past it, 429 with Retry-After and nothing is stored.
         */
        @WithDefault("5")
        int perDevice();
    }

    /** Id of this gateway instance, reported in delivery receipts. */
    @WithDefault("${doorlock.instance-id}")
    String gatewayId();
}
