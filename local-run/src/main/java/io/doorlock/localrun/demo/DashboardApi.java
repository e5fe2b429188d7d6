package io.doorlock.localrun.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The routes of dashboard-gateway's public REST API the local run calls, as a person at the console would. */
public final class DashboardApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public DashboardApi(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code POST /api/auth/login}: the access token, or empty when the credentials are refused (401). */
    public Optional<String> signIn(String username, String password) {
        Answer answer = call("POST", "/api/auth/login", Optional.empty(), Map.of("username", username, "password", password));
        if (answer.status() == 401) {
            return Optional.empty();
        }
        return Optional.of(answer.expect(200, "sign-in of " + username).at("/data/token").asText());
    }

    /** {@code POST /api/auth/register}. */
    void signUp(String username, String email, String password) {
        call("POST", "/api/auth/register", Optional.empty(), Map.of("username", username, "email", email, "password", password))
                .expect(201, "sign-up of " + username);
    }

    /** {@code GET /api/device}: the caller's own and shared devices. */
    List<JsonNode> devices(String jwt) {
        List<JsonNode> devices = new ArrayList<>();
        call("GET", "/api/device", Optional.of(jwt), null).expect(200, "the device list").path("data").forEach(devices::add);
        return devices;
    }

    /** {@code POST /api/device/register}: the new device's view, with its token (answered this once). */
    JsonNode registerDevice(String jwt, String name, String espId) {
        return call("POST", "/api/device/register", Optional.of(jwt), Map.of("name", name, "espId", espId, "deviceType", "door-lock"))
                .expect(201, "registration of " + name).path("data");
    }

    /** {@code POST /api/device/:id/token/rotate}: the device's new token; the old one stops working. */
    String rotateToken(String jwt, String deviceId) {
        return call("POST", "/api/device/" + deviceId + "/token/rotate", Optional.of(jwt), null)
                .expect(200, "token rotation of " + deviceId).at("/data/deviceToken").asText();
    }

    private Answer call(String method, String path, Optional<String> jwt, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            jwt.ifPresent(token -> request.header("Authorization", "Bearer " + token));
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    private record Answer(int status, String body) {

        JsonNode expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + " failed: " + status + " " + body);
            }
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(what + ": unreadable answer " + body, e);
            }
        }
    }
}
