package io.doorlock.localrun.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.testing.SecretFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The local run's demo door lock, "Front Door", owned by the {@link DemoAccount} and registered through the public API
 * as its owner would: registered at the first start, its token rotated at every later one, so that the token is new
 * at every start and the last one stops working. The token goes only to owner-only files of the data directory:
 * {@code demo-device-token}, and {@code demo-device.csv} ({@code deviceId,token}, what {@code bin/simulate
 * --credentials} reads).
 */
public final class DemoDevice {

    static final String NAME = "Front Door";
    /** The ESP id it is registered with, by which a later start finds it again. */
    static final String ESP_ID = "DEMO-FRONT-DOOR";
    private static final Duration ACCEPTANCE = Duration.ofSeconds(30);

    private final String id;
    private final Path tokenFile;
    private final Path credentialsFile;

    private DemoDevice(String id, Path tokenFile, Path credentialsFile) {
        this.id = id;
        this.tokenFile = tokenFile;
        this.credentialsFile = credentialsFile;
    }

    /**
     * Registers the demo device (or gives it a new token), writes its credentials, and answers once device-gateway
     * ({@code deviceGatewayUrl}) accepts the token.
     */
    public static DemoDevice ready(Path data, DashboardApi api, DemoAccount owner, String deviceGatewayUrl) {
        Optional<JsonNode> known = api.devices(owner.accessToken()).stream().filter(d -> ESP_ID.equals(d.path("espId").asText())).findFirst();
        String id;
        String token;
        if (known.isPresent()) {
            id = known.get().path("id").asText();
            token = api.rotateToken(owner.accessToken(), id);
        } else {
            JsonNode registered = api.registerDevice(owner.accessToken(), NAME, ESP_ID);
            id = registered.path("id").asText();
            token = registered.path("deviceToken").asText();
        }
        DemoDevice device = new DemoDevice(id, SecretFiles.write(data.resolve("demo-device-token"), token),
                SecretFiles.write(data.resolve("demo-device.csv"), id + "," + token + "\n"));
        awaitAccepted(deviceGatewayUrl, id, token);
        return device;
    }

    public String id() {
        return id;
    }

    /** The owner-only file that holds the token alone. */
    public Path tokenFile() {
        return tokenFile;
    }

    /** The owner-only {@code deviceId,token} file for {@code bin/simulate --credentials}. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /**
     * Waits until device-gateway knows the token (the registry record has reached it): the device's HTTP heartbeat
     * answers 202, not 401. A heartbeat is recorded in the device's trail but opens no link: the device stays offline.
     */
    private static void awaitAccepted(String deviceGatewayUrl, String id, String token) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest heartbeat = HttpRequest.newBuilder(URI.create(deviceGatewayUrl + "/api/device/" + id + "/heartbeat"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        long deadline = System.nanoTime() + ACCEPTANCE.toNanos();
        while (true) {
            int status;
            try {
                status = http.send(heartbeat, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for device-gateway to accept " + id, e);
            }
            if (status == 202) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("device-gateway did not accept the demo device " + id + " within " + ACCEPTANCE.toSeconds()
                        + " s (last answer " + status + ")");
            }
            pause(); // polling for the fact: a registry record travels the bus in milliseconds
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for device-gateway", e);
        }
    }
}
