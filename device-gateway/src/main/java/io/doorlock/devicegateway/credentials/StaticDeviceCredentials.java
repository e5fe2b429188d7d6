package io.doorlock.devicegateway.credentials;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import io.doorlock.common.device.DeviceTokenHash;
import jakarta.enterprise.inject.Typed;

/**
 * Device credentials from configuration ({@code doorlock.device-gateway.static-devices.<id>.*}): the walking
 * skeleton's stand-in for the device registry. Only token hashes are configured, never tokens.
 */
@ApplicationScoped
@Typed(StaticDeviceCredentials.class)
public class StaticDeviceCredentials implements DeviceCredentials {

    private final DeviceGatewayConfig config;

    public StaticDeviceCredentials(DeviceGatewayConfig config) {
        this.config = config;
    }

    @Override
    public Optional<DeviceIdentity> authenticate(String deviceId, String token) {
        var device = config.staticDevices().get(deviceId);
        // Hash even for unknown ids, so that timing does not reveal which ids exist.
        String hash = device == null ? "00" : device.tokenSha256();
        if (!DeviceTokenHash.matches(token, hash) || device == null) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(deviceId, device.owner(), device.name().orElse(deviceId)));
    }

    @Override
    public Optional<DeviceIdentity> lookup(String deviceId) {
        return Optional.ofNullable(config.staticDevices().get(deviceId))
                .map(device -> new DeviceIdentity(deviceId, device.owner(), device.name().orElse(deviceId)));
    }
}
