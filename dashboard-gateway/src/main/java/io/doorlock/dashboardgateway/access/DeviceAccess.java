package io.doorlock.dashboardgateway.access;

import io.doorlock.dashboardgateway.auth.UserPrincipal;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what with which device. A device the caller may not see and a device that does not exist are
 * indistinguishable to the caller.
 */
public interface DeviceAccess {

    /** The caller's highest permission on the device, or empty when it may not even see it. */
    Optional<Permission> permissionOf(UserPrincipal user, String deviceId);

    /** Whether the caller owns the device (an {@code admin} share does not make its holder an owner). */
    boolean owns(UserPrincipal user, String deviceId);

    /** Users who may view the device (owner and shares); platform admins are not listed. */
    Set<String> viewers(String deviceId);

    /** Ids of the devices the user owns or that are shared with the user (not every device for an admin). */
    Set<String> visibleTo(UserPrincipal user);

    default boolean allows(UserPrincipal user, String deviceId, Permission needed) {
        return permissionOf(user, deviceId).map(p -> p.granted().contains(needed)).orElse(false);
    }
}
