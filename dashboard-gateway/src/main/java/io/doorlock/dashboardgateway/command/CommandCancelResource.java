package io.doorlock.dashboardgateway.command;

import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/command/{id}/cancel}: the WebSocket's {@code cancel_command} over REST, for a command still
 * {@code queued}, with control permission on its device.
 */
@Path("/api/command")
@Authenticated
@Blocking
public class CommandCancelResource {

    private final CommandHistory history;
    private final CommandRequester commands;
    private final DeviceAccess access;
    private final CurrentUser currentUser;

    public CommandCancelResource(CommandHistory history, CommandRequester commands, DeviceAccess access, CurrentUser currentUser) {
        this.history = history;
        this.commands = commands;
        this.access = access;
        this.currentUser = currentUser;
    }

    /** Cancels a queued command (control permission). 202: the outcome arrives as {@code command_status}. */
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String commandId) {
        UserPrincipal user = currentUser.require();
        CommandHistory.CommandView command = history.find(commandId)
                .filter(c -> access.allows(user, c.deviceId(), Permission.CONTROL))
                .orElseThrow(() -> ApiException.forbidden("no control permission for command " + commandId));
        if (!"queued".equals(command.status())) {
            throw ApiException.conflict("command " + commandId + " is " + command.status() + "; only a queued command can be cancelled");
        }
        try {
            commands.cancel(commandId, command.deviceId(), user.userId());
        } catch (BusUnavailableException e) {
            throw ApiException.unavailable("the cancellation could not be sent; try again");
        }
        return Response.accepted(ApiResponse.ok("cancellation requested", command)).build();
    }
}
