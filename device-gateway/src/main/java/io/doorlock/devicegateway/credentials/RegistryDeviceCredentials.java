package io.doorlock.devicegateway.credentials;

import io.doorlock.common.bus.DeviceCredentialRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import io.doorlock.common.device.DeviceTokenHash;

/**
 * Device credentials from the registry projection; devices absent from it fall back to the configured ones
 * ({@code doorlock.device-gateway.static-devices.*}), for the local run and tests that need no registry.
 */
@ApplicationScoped
public class RegistryDeviceCredentials implements DeviceCredentials {

    private final RegistryProjection registry;
    private final StaticDeviceCredentials configured;

    public RegistryDeviceCredentials(RegistryProjection registry, StaticDeviceCredentials configured) {
        this.registry = registry;
        this.configured = configured;
    }

    @Override
    public Optional<DeviceIdentity> authenticate(String deviceId, String token) {
        Optional<DeviceCredentialRecord> record = registry.get(deviceId);
        if (record.isEmpty()) {
            return configured.authenticate(deviceId, token);
        }
        DeviceCredentialRecord r = record.get();
        if (!DeviceTokenHash.matches(token, r.tokenSha256())) {
            return Optional.empty();
        }
        return Optional.of(identity(r));
    }

    @Override
    public Optional<DeviceIdentity> lookup(String deviceId) {
        Optional<DeviceCredentialRecord> record = registry.get(deviceId);
        return record.isPresent() ? record.map(RegistryDeviceCredentials::identity) : configured.lookup(deviceId);
    }

    private static DeviceIdentity identity(DeviceCredentialRecord r) {
        return new DeviceIdentity(r.deviceId(), Optional.ofNullable(r.ownerId()), Optional.ofNullable(r.name()).orElse(r.deviceId()));
    }
}
