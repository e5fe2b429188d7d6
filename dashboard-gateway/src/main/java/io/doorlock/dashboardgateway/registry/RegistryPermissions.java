package io.doorlock.dashboardgateway.registry;

import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import java.util.Optional;

/**
 * The seed's {@code device.hasAccess(userId)}: owner ADMIN, shares VIEW, CONTROL or ADMIN (the highest level the share
 * lists), platform admins CONTROL.
 */
public final class RegistryPermissions {

    private RegistryPermissions() {}

    public static Optional<Permission> of(DeviceDocument device, UserPrincipal user) {
        if (isOwner(device, user)) {
            return Optional.of(Permission.ADMIN);
        }
        // Two concurrent shares for one user can leave two entries (pull, then push); the latest one wins.
        Optional<Permission> shared = device.sharedWith.stream()
                .filter(s -> s.userId.equals(user.userId()))
                .reduce((first, second) -> second)
                .map(s -> Permission.highestOf(s.permissions));
        if (shared.isPresent()) {
            return shared;
        }
        return user.isAdmin() ? Optional.of(Permission.CONTROL) : Optional.empty();
    }

    /** Only the owner deletes, shares, rotates and clears the trail; an {@code admin} share does not. */
    public static boolean isOwner(DeviceDocument device, UserPrincipal user) {
        return device.userId.equals(user.userId());
    }
}
