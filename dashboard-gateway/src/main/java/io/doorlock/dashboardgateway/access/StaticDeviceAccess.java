package io.doorlock.dashboardgateway.access;

import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.doorlock.dashboardgateway.DashboardGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import io.doorlock.dashboardgateway.registry.RegistryDeviceAccess;

/**
 * Ownership and sharing from configuration ({@code doorlock.dashboard-gateway.static-devices.<id>.*}), consulted by
 * {@link RegistryDeviceAccess} for devices that are not in the registry (devices
 * whose credentials device-gateway still takes from its own configuration). The owner has ADMIN; shares grant VIEW,
 * CONTROL or ADMIN (an unknown level grants nothing); the platform role {@code admin} may see and control every device.
 */
@ApplicationScoped
@Typed(StaticDeviceAccess.class)
public class StaticDeviceAccess implements DeviceAccess {

    private final DashboardGatewayConfig config;

    public StaticDeviceAccess(DashboardGatewayConfig config) {
        this.config = config;
    }

    @Override
    public Optional<Permission> permissionOf(UserPrincipal user, String deviceId) {
        var device = config.staticDevices().get(deviceId);
        if (device == null) {
            return Optional.empty();
        }
        if (device.owner().equals(user.userId())) {
            return Optional.of(Permission.ADMIN);
        }
        Optional<Permission> shared = Optional.ofNullable(device.shared().get(user.userId())).flatMap(Permission::fromWireName);
        if (shared.isPresent()) {
            return shared;
        }
        return user.isAdmin() ? Optional.of(Permission.CONTROL) : Optional.empty();
    }

    @Override
    public boolean owns(UserPrincipal user, String deviceId) {
        var device = config.staticDevices().get(deviceId);
        return device != null && device.owner().equals(user.userId());
    }

    @Override
    public Set<String> viewers(String deviceId) {
        var device = config.staticDevices().get(deviceId);
        if (device == null) {
            return Set.of();
        }
        Set<String> users = new LinkedHashSet<>();
        users.add(device.owner());
        users.addAll(device.shared().keySet());
        return users;
    }

    @Override
    public Set<String> visibleTo(UserPrincipal user) {
        Set<String> ids = new LinkedHashSet<>();
        config.staticDevices().forEach((id, device) -> {
            if (device.owner().equals(user.userId()) || device.shared().containsKey(user.userId())) {
                ids.add(id);
            }
        });
        return ids;
    }

    @Override
    public Optional<String> nameOf(String deviceId) {
        return Optional.ofNullable(config.staticDevices().get(deviceId)).flatMap(d -> d.name());
    }
}
