package io.doorlock.dashboardgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code send_command} frames sent by one dashboard as fast as it can, each with its own request id (also its
 * {@code commandId}), and the one answer each of them gets: what a dashboard under load sees.
 */
final class CommandBurst {

    private static final JsonCodec CODEC = new JsonCodec();

    private final List<String> ids = new ArrayList<>();

    /** Sends {@code count} {@code lock_door} requests for {@code door-1}, without waiting for any answer. */
    static CommandBurst send(TestWebSocket socket, int count) {
        CommandBurst burst = new CommandBurst();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            burst.ids.add(id);
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\"" + id
                    + "\"},\"id\":\"" + id + "\"}");
        }
        return burst;
    }

    List<String> ids() {
        return ids;
    }

    /**
     * Waits until every request has an answer, then makes sure that none got a second one: a marker request sent
     * after them is answered, and nothing else about them arrived before it. Answers the answer of each request.
     */
    Map<String, JsonNode> answers(TestWebSocket socket, Duration wait) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        Set<String> asked = new HashSet<>(ids);
        while (answers.size() < ids.size()) {
            JsonNode frame = json(socket.await(f -> asked.contains(json(f).path("id").asText()), wait));
            String id = frame.path("id").asText();
            assertThat(answers.put(id, frame)).as("a second answer to " + id).isNull();
        }
        String marker = "marker-" + UUID.randomUUID();
        socket.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"" + marker + "\"}");
        socket.await(f -> f.contains(marker), wait);
        assertThat(socket.drain()).as("answers after the first one").noneMatch(f -> asked.contains(json(f).path("id").asText()));
        return answers;
    }

    static boolean queued(JsonNode answer) {
        return "command_status".equals(answer.path("event").asText()) && "queued".equals(answer.at("/data/status").asText());
    }

    static boolean refused(JsonNode answer, String code) {
        return "error".equals(answer.path("event").asText()) && code.equals(answer.at("/data/code").asText());
    }

    /**
     * Removes this burst's requests from the history: there is no command-service in these tests to confirm them, and
     * unconfirmed requests are published again every few seconds for minutes.
     */
    void forget(MongoClient mongo, String database) {
        mongo.getDatabase(database).getCollection("command_history").deleteMany(Filters.in("_id", ids));
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
