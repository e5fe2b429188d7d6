package io.doorlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends command batches to Mosquitto's dynamic-security plugin as its admin, over MQTT (so no password is ever on a
 * command line), and fails on any error the plugin answers except the ones the caller expects.
 */
public final class DynsecAdmin {

    public static final String CONTROL = "$CONTROL/dynamic-security/v1";
    public static final String RESPONSE = CONTROL + "/response";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private DynsecAdmin() {}

    /** Runs a batch given as the plugin's JSON ({@code {"commands": [...]}}); {@code tolerated} errors are not failures. */
    public static void execute(int port, MqttAccount admin, String batchJson, List<String> tolerated) {
        try (TestMqttClient client = TestMqttClient.connect(port, "dynsec-admin-" + UUID.randomUUID(), Optional.of(admin.username()),
                Optional.of(admin.password()))) {
            client.subscribe(RESPONSE);
            client.publish(CONTROL, batchJson);
            JsonNode answer = JSON.readTree(client.await(r -> r.topic().equals(RESPONSE), TIMEOUT).payload());
            List<String> errors = new ArrayList<>();
            for (JsonNode response : answer.path("responses")) {
                String error = response.path("error").asText("");
                if (!error.isEmpty() && tolerated.stream().noneMatch(error::contains)) {
                    errors.add(response.path("command").asText() + ": " + error);
                }
            }
            if (!errors.isEmpty()) {
                throw new IllegalStateException("dynamic security refused: " + errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same with commands as maps. */
    public static void execute(int port, MqttAccount admin, List<Map<String, Object>> commands, List<String> tolerated) {
        try {
            execute(port, admin, JSON.writeValueAsString(Map.of("commands", commands)), tolerated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
