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
