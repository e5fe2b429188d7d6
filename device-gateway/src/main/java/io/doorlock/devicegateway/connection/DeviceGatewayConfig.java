package io.doorlock.devicegateway.connection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of device-gateway. */
@ConfigMapping(prefix = "doorlock.device-gateway")
public interface DeviceGatewayConfig {

    /** How long a WebSocket may stay open without authenticating before it is closed (4408). */
    @WithDefault("10s")
    Duration authTimeout();

    /** Per-connection flood protection on the device WebSocket. */
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

    /** Id of this gateway instance, reported in delivery receipts. */
    @WithDefault("${doorlock.instance-id}")
    String gatewayId();

    /**
     * Devices known from configuration, keyed by device id. The walking skeleton's credentials; the device
     * registry replaces them.
     */
    Map<String, StaticDevice> staticDevices();

    interface StaticDevice {
        /** SHA-256 (hex) of the device token. */
        String tokenSha256();

        /** User id of the device's owner. */
        Optional<String> owner();

        /** Display name. */
        Optional<String> name();
    }
}
