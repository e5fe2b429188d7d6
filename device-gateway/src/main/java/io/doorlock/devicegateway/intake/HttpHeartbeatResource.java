package io.doorlock.devicegateway.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.validation.Direction;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.common.validation.ValidationResult;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.gatewaybase.connection.BearerToken;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import io.doorlock.common.envelope.ErrorCode;

/**
 * The seed's {@code POST /api/device/:id/heartbeat} for firmware that reports over HTTP: the device's own token as
 * {@code Authorization: Bearer}, the body a {@code device_heartbeat} ({@code batteryLevel}, {@code status}, ...). It is
 * validated and taken like the same event over a socket (audit trail, battery alerts), but it does not make the device
 * online: online means a WebSocket or MQTT link that can take commands, and an HTTP request is not one.
 * 202 {@code {success: true}}; 400 invalid, 401 token, 503 the platform could not take it (send it again).
 */
@Path("/api/device/{id}/heartbeat")
@Blocking
public class HttpHeartbeatResource {


    private final DeviceCredentials credentials;
    private final MessageValidator validator;
    private final DeviceEventIntake intake;
    private final JsonCodec codec;

    public HttpHeartbeatResource(DeviceCredentials credentials, MessageValidator validator, DeviceEventIntake intake, JsonCodec codec) {
        this.credentials = credentials;
        this.validator = validator;
        this.intake = intake;
        this.codec = codec;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response heartbeat(@PathParam("id") String deviceId, @HeaderParam("Authorization") String authorization,
            @HeaderParam("User-Agent") String userAgent, @Context HttpServerRequest request, JsonNode body) {
        Optional<String> token = BearerToken.of(authorization);
        if (token.isEmpty()) {
            return answer(401, "send the device token as 'Authorization: Bearer <token>'");
        }
        Optional<DeviceIdentity> device = credentials.authenticate(deviceId, token.get());
        if (device.isEmpty()) {
            return answer(401, "unknown device or wrong token");
        }
        ObjectNode data = body != null && body.isObject() ? ((ObjectNode) body).deepCopy() : codec.mapper().createObjectNode();
        if (!data.has("deviceId")) {
            data.put("deviceId", deviceId);
        }
        ValidationResult result = validator.validateData(Direction.DEVICE_TO_BACKEND, EventNames.DEVICE_HEARTBEAT, data, Optional.empty());
        if (result instanceof ValidationResult.Invalid invalid) {
            return answer(400, invalid.error().message());
        }
        ConnectionMetadata metadata = new ConnectionMetadata(Optional.ofNullable(request.remoteAddress()).map(Object::toString),
                Optional.ofNullable(userAgent), Optional.empty(), Transport.HTTP);
        Optional<ErrorData> refused = intake.accept(device.get(), (ValidationResult.Valid) result, metadata, Optional.empty());
        if (refused.isPresent()) {
            return answer(refused.get().code() == ErrorCode.UNAVAILABLE ? 503 : 400, refused.get().message());
        }
        return Response.status(202).type(MediaType.APPLICATION_JSON).entity("{\"success\":true,\"message\":\"heartbeat recorded\"}").build();
    }

    private Response answer(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(codec.mapper().createObjectNode().put("success", false).put("message", message).toString()).build();
    }
}
