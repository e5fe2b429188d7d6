package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the command tests do as a dashboard user and as command-service: send a command over {@code /ws/dashboard},
 * publish its status on the bus (as command-service would, for door-1 of user-1), and read the history routes.
 */
record CommandTestClient(URI endpoint, TestMqttClient bus) {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Sends an unlock as {@code userId} and returns its commandId once the request is on the bus. */
    String sendCommand(String userId, String deviceId) {
        String commandId = UUID.randomUUID().toString();
        try (TestWebSocket socket = dashboard(userId)) {
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"command\":\"unlock_door\",\"commandId\":\""
                    + commandId + "\",\"payload\":{\"duration\":3000}}}");
            socket.awaitEvent("command_status", WAIT);
        }
        bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT);
        return commandId;
    }

    /** Publishes a status of door-1's command, as command-service would. */
    void status(String commandId, CommandState state, long revision) {
        bus.publish(Topics.COMMAND_STATUS, statusMessage(commandId, state, revision));
    }

    /** The bus message of a status of door-1's command, as command-service publishes it. */
    static String statusMessage(String commandId, CommandState state, long revision) {
        CommandStatusChanged change = new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR, state, Optional.empty(),
                Instant.now(), revision, "user-1");
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_STATUS, Instant.now(), "command-service", commandId,
                "door-1", Optional.of("user-1"), CODEC.toTree(change));
        return CODEC.encode(envelope);
    }

    /** The command's row in a history route, as {@code userId} sees it. */
    Optional<JsonNode> historyItem(String userId, String path, String commandId) {
        JsonNode body = json(given().auth().oauth2(token(userId)).get(path).then().statusCode(200).extract().asString());
        for (JsonNode item : body.at("/data/items")) {
            if (item.at("/commandId").asText().equals(commandId)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    TestWebSocket dashboard(String userId) {
        TestWebSocket socket = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"), Map.of("Authorization", "Bearer " + token(userId)));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
