package io.doorlock.devicegateway.visitor;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Hands a checked photo to dashboard-gateway's {@code POST /internal/visitors} (the one HTTP call between services:
 * a 5 MiB photo does not belong on the MQTT bus). Its answer goes back to the device as it is; an unreachable
 * dashboard-gateway is a 503 the device may retry.
 */
@ApplicationScoped
public class VisitorForwarder {

    private static final Logger LOG = Logger.getLogger(VisitorForwarder.class);

    /** Status and JSON body to return to the device. */
    public record Answer(int status, String body) {}

    private final DeviceGatewayConfig.Visitors config;
    private final HttpClient http;

    public VisitorForwarder(DeviceGatewayConfig config) {
        this.config = config.visitors();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    public Answer forward(String deviceId, byte[] image) {
        URI uri = URI.create(config.dashboardUrl() + "/internal/visitors?deviceId=" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Content-Type", "application/octet-stream")
                .header("X-Doorlock-Internal-Token", config.internalToken().orElse(""))
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 403) {
                // Not the device's fault and not transient: the internal tokens of the two gateways differ or are unset.
                LOG.errorf("dashboard-gateway refused the internal token for the photo of %s: set doorlock.device-gateway.visitors.internal-token "
                        + "to dashboard-gateway's doorlock.visitors.internal-token", deviceId);
                return new Answer(503, "{\"success\":false,\"message\":\"the photo could not be stored now; send it again\"}");
            }
            if (response.statusCode() >= 500) {
                LOG.warnf("dashboard-gateway refused the photo of %s: %d %s", deviceId, response.statusCode(), response.body());
                return new Answer(503, "{\"success\":false,\"message\":\"the photo could not be stored now; send it again\"}");
            }
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            LOG.warnf("dashboard-gateway not reachable for the photo of %s: %s", deviceId, e.getMessage());
            return new Answer(503, "{\"success\":false,\"message\":\"the photo could not be stored now; send it again\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, "{\"success\":false,\"message\":\"interrupted\"}");
        }
    }
}
