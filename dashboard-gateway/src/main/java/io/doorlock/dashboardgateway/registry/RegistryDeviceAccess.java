package io.doorlock.dashboardgateway.registry;

import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Permissions from the device registry: a device that is not registered has no owner, no shares, and no viewers. */
@ApplicationScoped
public class RegistryDeviceAccess implements DeviceAccess {

    private final DeviceRepository devices;

    public RegistryDeviceAccess(DeviceRepository devices) {
        this.devices = devices;
    }

    @Override
    public Optional<Permission> permissionOf(UserPrincipal user, String deviceId) {
        return devices.findByIdOptional(deviceId).flatMap(device -> RegistryPermissions.of(device, user));
    }

    @Override
    public boolean owns(UserPrincipal user, String deviceId) {
        return devices.findByIdOptional(deviceId).map(device -> RegistryPermissions.isOwner(device, user)).orElse(false);
    }

    @Override
    public Set<String> viewers(String deviceId) {
        Optional<DeviceDocument> device = devices.findByIdOptional(deviceId);
        if (device.isEmpty()) {
            return Set.of();
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(device.get().userId);
        device.get().sharedWith.forEach(s -> users.add(s.userId));
        return users;
    }

    @Override
    public Set<String> visibleTo(UserPrincipal user) {
        Set<String> ids = new LinkedHashSet<>();
        devices.findByUser(user.userId()).forEach(d -> ids.add(d.id));
        return ids;
    }
}
