package io.doorlock.dashboardgateway.visitor;

import io.doorlock.common.id.Ids;
import io.doorlock.dashboardgateway.api.ApiException;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import io.doorlock.dashboardgateway.VisitorConfig;

/**
 * {@code POST /internal/visitors?deviceId=}: device-gateway hands over a doorbell photo it has authenticated (device
 * token) and checked. Service to service only: the ingress never routes {@code /internal}, and the caller must present
 * the shared {@code doorlock.visitors.internal-token}. The photo travels once, over HTTP, instead of through the MQTT
 * bus (whose messages are capped at 1 MB).
 */
@Path("/internal/visitors")
@Blocking
public class InternalVisitorResource {

    private final VisitorIntake intake;
    private final VisitorConfig config;

    public InternalVisitorResource(VisitorIntake intake, VisitorConfig config) {
        this.intake = intake;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response upload(@HeaderParam("X-Doorlock-Internal-Token") String token, @QueryParam("deviceId") String deviceId, byte[] image) {
        String expected = config.internalToken().orElse("");
        if (expected.isEmpty() || token == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw ApiException.forbidden("internal route");
        }
        if (deviceId == null || !Ids.isValidId(deviceId)) {
            throw ApiException.badRequest("deviceId is missing or invalid");
        }
        VisitorLog visitor = intake.arrived(deviceId, image == null ? new byte[0] : image);
        return Response.status(201).entity(ApiResponse.ok("visitor logged", Map.of("visitorLogId", visitor.id(), "status", visitor.status())))
                .build();
    }
}
