package io.doorlock.devicegateway.credentials;

import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.device.DeviceTokenHash;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Device credentials from the registry projection: a device is known once dashboard-gateway's registry has published
 * its record, and only then.
 */
@ApplicationScoped
public class RegistryDeviceCredentials implements DeviceCredentials {

    /** What an unknown device's token is compared with: a hash no token has, so that timing does not reveal which ids exist. */
    private static final String NO_DEVICE = "00".repeat(32);

    private final RegistryProjection registry;

    public RegistryDeviceCredentials(RegistryProjection registry) {
        this.registry = registry;
    }

    @Override
    public Optional<DeviceIdentity> authenticate(String deviceId, String token) {
        Optional<DeviceCredentialRecord> record = registry.get(deviceId);
        boolean matches = DeviceTokenHash.matches(token, record.map(DeviceCredentialRecord::tokenSha256).orElse(NO_DEVICE));
        return matches ? record.map(RegistryDeviceCredentials::identity) : Optional.empty();
    }

    @Override
    public Optional<DeviceIdentity> lookup(String deviceId) {
        return registry.get(deviceId).map(RegistryDeviceCredentials::identity);
    }

    private static DeviceIdentity identity(DeviceCredentialRecord r) {
        return new DeviceIdentity(r.deviceId(), Optional.ofNullable(r.ownerId()), Optional.ofNullable(r.name()).orElse(r.deviceId()));
    }
}
