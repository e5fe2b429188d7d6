package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's {@code POST /api/device/{id}/command} with {@code {command, payload}} (and optionally {@code commandId},
 * {@code expiresInSeconds}): the dashboard WebSocket's {@code send_command}, over REST, with the same validation and
 * the same permissions ({@link CommandPermissions}). 202 with {@code {commandId, status: "queued", deviceId, command}}; the outcome
 * follows as {@code command_status} and in {@code GET /api/command/history}.
 */
@Path("/api/device/{id}/command")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SendCommandResource {

    private final SendCommandHandler sendCommand;
    private final MessageValidator validator;
    private final CurrentUser currentUser;

    public SendCommandResource(SendCommandHandler sendCommand, MessageValidator validator, CurrentUser currentUser) {
        this.sendCommand = sendCommand;
        this.validator = validator;
        this.currentUser = currentUser;
    }

    @POST
    public Response command(@PathParam("id") String deviceId, JsonNode body) {
        var user = currentUser.require();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object {command, payload}");
        }
        ObjectNode data = ((ObjectNode) body).deepCopy();
        data.put("deviceId", deviceId);
        ValidationResult result = validator.validateData(Direction.DASHBOARD_TO_BACKEND, EventNames.SEND_COMMAND, data, Optional.empty());
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new ApiException(400, invalid.error().message(), invalid.error().details().stream()
                    .map(d -> new ApiResponse.ApiError(d.field(), d.message())).toList(), Optional.empty());
        }
        SendCommand send = (SendCommand) ((ValidationResult.Valid) result).message();
        SendCommandHandler.Result submitted = sendCommand.submit(user, send);
        switch (submitted.outcome()) {
            case FORBIDDEN -> throw ApiException.forbidden(submitted.message().orElseThrow());
            case INVALID -> throw new ApiException(400, submitted.message().orElseThrow(),
                    List.of(new ApiResponse.ApiError(submitted.field().orElseThrow(), submitted.message().orElseThrow())), Optional.empty());
            case ID_CONFLICT -> throw ApiException.conflict(submitted.message().orElseThrow());
            case UNAVAILABLE -> throw ApiException.unavailable(submitted.message().orElseThrow());
            default -> { }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("commandId", submitted.commandId());
        answer.put("status", "queued");
        answer.put("deviceId", deviceId);
        answer.put("command", submitted.type().wireName());
        return Response.status(202).entity(ApiResponse.ok("command queued", answer)).build();
    }
}
