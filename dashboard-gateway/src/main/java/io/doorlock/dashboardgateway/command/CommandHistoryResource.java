package io.doorlock.dashboardgateway.command;

import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /api/command/history}: the seed's command history, behind the registry's permission checks. The
 * per-device history, {@code GET /api/device/{id}/commands}, is in {@code DeviceResource}; the other routes under
 * {@code /api/command} are {@link CommandCancelResource}'s and {@code VisitorDecisionResource}'s.
 */
@Path("/api/command")
@Authenticated
@Blocking
public class CommandHistoryResource {

    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 10_000;
    private static final Set<String> STATES = Set.of("queued", "sent", "received", "executed", "failed", "expired", "timed_out", "cancelled");

    private final CommandHistory history;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public CommandHistoryResource(CommandHistory history, DeviceAccess access, CurrentUser currentUser) {
        this.history = history;
        this.access = access;
        this.currentUser = currentUser;
    }

    /** The commands of every device the caller may view (all devices for an admin), newest first. */
    @GET
    @Path("/history")
    public ApiResponse<CommandHistory.Page> history(@QueryParam("deviceId") String deviceId, @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("1") int page, @QueryParam("limit") @DefaultValue("20") int limit) {
        UserPrincipal user = currentUser.require();
        checkPaging(page, limit, status);
        if (deviceId != null) {
            if (!access.allows(user, deviceId, Permission.VIEW)) {
                throw ApiException.forbidden("no access to device");
            }
            return ApiResponse.ok("command history", history.page(Optional.of(List.of(deviceId)), Optional.ofNullable(status), page, limit));
        }
        Optional<Collection<String>> visible = user.isAdmin()
                ? Optional.empty()
                : Optional.of(access.visibleTo(user));
        return ApiResponse.ok("command history", history.page(visible, Optional.ofNullable(status), page, limit));
    }

    /** 400 unless 1 <= page, 1 <= limit <= 100 and status is a command state. */
    public static void checkPaging(int page, int limit, String status) {
        if (page < 1 || page > MAX_PAGE || limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("page must be between 1 and " + MAX_PAGE + " and limit between 1 and " + MAX_LIMIT);
        }
        if (status != null && !STATES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + STATES);
        }
    }
}
