package io.doorlock.dashboardgateway.registry;

import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.access.StaticDeviceAccess;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** Permissions from the device registry; devices known only from configuration fall back to it. */
@ApplicationScoped
public class RegistryDeviceAccess implements DeviceAccess {

    private final DeviceRepository devices;
    private final StaticDeviceAccess configured;

    public RegistryDeviceAccess(DeviceRepository devices, StaticDeviceAccess configured) {
        this.devices = devices;
        this.configured = configured;
    }

    @Override
    public Optional<Permission> permissionOf(UserPrincipal user, String deviceId) {
        Optional<DeviceDocument> device = devices.findByIdOptional(deviceId);
        return device.isPresent() ? RegistryPermissions.of(device.get(), user) : configured.permissionOf(user, deviceId);
    }

    @Override
    public boolean owns(UserPrincipal user, String deviceId) {
        Optional<DeviceDocument> device = devices.findByIdOptional(deviceId);
        return device.isPresent() ? RegistryPermissions.isOwner(device.get(), user) : configured.owns(user, deviceId);
    }

    @Override
    public Set<String> viewers(String deviceId) {
        Optional<DeviceDocument> device = devices.findByIdOptional(deviceId);
        if (device.isEmpty()) {
            return configured.viewers(deviceId);
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(device.get().userId);
        device.get().sharedWith.forEach(s -> users.add(s.userId));
        return users;
    }

    @Override
    public Set<String> visibleTo(UserPrincipal user) {
        Set<String> ids = new LinkedHashSet<>(configured.visibleTo(user));
        devices.findByUser(user.userId()).forEach(d -> ids.add(d.id));
        return ids;
    }

    @Override
    public Optional<String> nameOf(String deviceId) {
        Optional<DeviceDocument> device = devices.findByIdOptional(deviceId);
        return device.isPresent() ? Optional.of(device.get().name) : configured.nameOf(deviceId);
    }
}
