package io.doorlock.devicegateway.visitor;

import io.doorlock.base.image.ImageType;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.gatewaybase.connection.BearerToken;
import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The seed's {@code POST /api/door/upload}: a door camera sends a visitor photo (multipart {@code image} and
 * {@code deviceId}) with its device token. The photo must be JPEG or PNG by content (its first bytes, never its name
 * or declared type) and at most 5 MiB; it is then handed to dashboard-gateway, which owns visitor logs, stores the
 * photo in GridFS and tells the dashboards. Uploads are limited per device ({@link UploadRateLimiter}: 429 with
 * {@code Retry-After}). Every refusal is a 4xx with a reason, and creates nothing.
 */
@Path("/api/door/upload")
@Blocking
public class DoorUploadResource {

    private static final Logger LOG = Logger.getLogger(DoorUploadResource.class);

    private final DeviceCredentials credentials;
    private final VisitorForwarder forwarder;
    private final UploadRateLimiter limiter;
    private final DeviceGatewayConfig.Visitors config;
    private final MeterRegistry metrics;

    public DoorUploadResource(DeviceCredentials credentials, VisitorForwarder forwarder, UploadRateLimiter limiter,
            DeviceGatewayConfig config, MeterRegistry metrics) {
        this.credentials = credentials;
        this.forwarder = forwarder;
        this.limiter = limiter;
        this.config = config.visitors();
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@HeaderParam("Authorization") String authorization, @RestForm("deviceId") String deviceId,
            @RestForm("image") FileUpload image) {
        Optional<String> token = BearerToken.of(authorization);
        if (token.isEmpty() || deviceId == null || deviceId.isBlank()) {
            return refuse(401, "unauthenticated", "send the device token as 'Authorization: Bearer <token>' and the deviceId form field");
        }
        Optional<DeviceIdentity> device = credentials.authenticate(deviceId.trim(), token.get());
        if (device.isEmpty()) {
            return refuse(401, "auth_failed", "unknown device or wrong token");
        }
        Optional<Duration> wait = limiter.admit(device.get().deviceId());
        if (wait.isPresent()) {
            long seconds = SlidingWindowLimit.retryAfterSeconds(wait.get());
            return Response.fromResponse(refuse(429, "rate_limited", "too many uploads from this device; retry in " + seconds + " s"))
                    .header("Retry-After", seconds).build();
        }
        if (image == null || image.uploadedFile() == null) {
            return refuse(400, "missing_image", "the multipart field 'image' is missing");
        }
        if (image.size() > config.maxImageBytes()) {
            return refuse(413, "too_large", "the photo is larger than " + config.maxImageBytes() + " bytes");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(image.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (ImageType.sniff(bytes).isEmpty()) {
            return refuse(415, "not_an_image", "the photo must be a JPEG or PNG image");
        }
        VisitorForwarder.Answer answer = forwarder.forward(device.get().deviceId(), bytes);
        metrics.counter("doorlock_visitor_uploads_total", "result", answer.status() == 201 ? "accepted" : "failed").increment();
        return Response.status(answer.status()).type(MediaType.APPLICATION_JSON).entity(answer.body()).build();
    }

    private Response refuse(int status, String reason, String message) {
        metrics.counter("doorlock_visitor_uploads_total", "result", reason).increment();
        LOG.debugf("upload refused (%d): %s", status, message);
        String body = "{\"success\":false,\"message\":\"" + message.replace("\"", "'") + "\"}";
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
