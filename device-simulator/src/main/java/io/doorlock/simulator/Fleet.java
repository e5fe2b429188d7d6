package io.doorlock.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The devices to simulate: read from a credentials file, or registered through the REST API like an owner would. */
public final class Fleet {

    /** One device's credentials. */
    public record Device(String deviceId, String token) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Fleet() {}

    /** Lines {@code deviceId,token}; blank lines and {@code #} comments are skipped. */
    public static List<Device> read(Path file) throws IOException {
        List<Device> devices = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.trim();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split(",", 2);
            if (parts.length != 2) {
                throw new IOException(file + ": expected deviceId,token but found: " + l);
            }
            devices.add(new Device(parts[0].trim(), parts[1].trim()));
        }
        return devices;
    }

    public static void write(Path file, List<Device> devices) throws IOException {
        StringBuilder s = new StringBuilder("# deviceId,token (device tokens: keep this file private)\n");
        devices.forEach(d -> s.append(d.deviceId()).append(',').append(d.token()).append('\n'));
        Files.writeString(file, s);
    }

    /**
     * Signs in at dashboard-gateway and registers {@code count} devices ({@code POST /api/device/register}), named
     * "Simulated door N" with the ESP id {@code SIM-<run>-N}; every third one is a camera.
     */
    public static List<Device> register(String dashboardUrl, String username, String password, int count, long seed) throws IOException, InterruptedException {
        JsonNode login = post(dashboardUrl + "/api/auth/login", null, Map.of("username", username, "password", password));
        String jwt = login.at("/data/token").asText();
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L ^ seed, 36);
        List<Device> devices = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            JsonNode registered = post(dashboardUrl + "/api/device/register", jwt, Map.of("name", "Simulated door " + i,
                    "espId", "SIM-" + run + "-" + i, "deviceType", i % 3 == 0 ? "esp32-cam" : "door-lock"));
            devices.add(new Device(registered.at("/data/id").asText(), registered.at("/data/deviceToken").asText()));
        }
        return devices;
    }

    private static JsonNode post(String url, String jwt, Map<String, String> body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
