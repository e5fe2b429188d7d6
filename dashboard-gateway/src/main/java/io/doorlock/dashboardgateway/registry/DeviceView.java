package io.doorlock.dashboardgateway.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.doorlock.common.dashboard.DeviceStatus;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the API shows of a device: never its token or token hash. {@code _id} is kept next to {@code id} for Mongoose
 * clients; {@code sharedWith} only for the one who may share (the owner; not an {@code admin} share).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DeviceView(String id, String _id, String name, String espId, String deviceType, String userId,
        String status, Optional<Instant> lastSeen, Instant createdAt, List<String> userPermissions,
        Optional<List<ShareView>> sharedWith) {

    /** One share as the owner sees it. */
    public record ShareView(String userId, Optional<String> username, List<String> permissions, Instant sharedAt) {}

    public static DeviceView of(DeviceDocument d, UserPrincipal viewer, Permission permission, DeviceStatus status) {
        List<String> permissions = permission.granted().stream().map(Permission::wireName).toList();
        Optional<List<ShareView>> shares = RegistryPermissions.isOwner(d, viewer)
                ? Optional.of(d.sharedWith.stream().map(s -> new ShareView(s.userId, Optional.ofNullable(s.username), s.permissions, s.sharedAt)).toList())
                : Optional.empty();
        return new DeviceView(d.id, d.id, d.name, d.espId, d.deviceType, d.userId,
                status.status().name().toLowerCase(Locale.ROOT), status.lastSeen(), d.createdAt, permissions, shares);
    }
}
