package io.doorlock.localrun.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The control API's envelope: {@code {"commands": [...]}} in, {@code {"responses": [{"command", "error"?,
 * "correlationData"?}]}} out, one response per command, as the plugin answers on
 * {@code $CONTROL/dynamic-security/v1/response}. The batch is applied to the store as one change.
 */
final class DynsecCommands {

    /** The answer to send and the clients whose live sessions must end now. */
    record Outcome(byte[] response, Set<String> sessionsToEnd) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynsecStore store;

    DynsecCommands(DynsecStore store) {
        this.store = store;
    }

    Outcome execute(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            return refused("Payload not valid JSON");
        }
        if (root == null || !root.path("commands").isArray()) {
            return refused("Invalid/missing commands");
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode responses = answer.putArray("responses");
        Set<String> sessionsToEnd = new LinkedHashSet<>();
        try {
            store.change(rules -> {
                DynsecBatch batch = new DynsecBatch(rules);
                for (JsonNode command : root.path("commands")) {
                    String name = command.path("command").asText("");
                    ObjectNode response = responses.addObject().put("command", name.isEmpty() ? "Unknown command" : name);
                    Optional<String> error = name.isEmpty() ? Optional.of("Missing command") : batch.apply(name, command);
                    error.ifPresent(e -> response.put("error", e));
                    if (command.path("correlationData").isTextual()) {
                        response.put("correlationData", command.path("correlationData").asText());
                    }
                }
                sessionsToEnd.addAll(batch.sessionsToEnd());
                return batch.changed() ? batch.result() : rules;
            });
        } catch (UncheckedIOException e) {
            // not saved, so not applied: every command fails
            responses.forEach(response -> ((ObjectNode) response).put("error", "the broker could not save its state: " + e.getMessage()));
            return new Outcome(bytes(answer), Set.of());
        }
        return new Outcome(bytes(answer), sessionsToEnd);
    }

    private static Outcome refused(String error) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("responses").addObject().put("command", "Unknown command").put("error", error);
        return new Outcome(bytes(answer), Set.of());
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
