package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command outbox: a request is stored before it is published, published again until command-service confirms it,
 * and its commandId cannot be taken by another command.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandOutboxTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    TestMqttClient bus;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3", "user-7");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED, Topics.COMMAND_CANCEL);
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    @Test
    void aRequestCommandServiceNeverConfirmedIsPublishedAgainUntilItIs() {
        String commandId = sendCommand("user-1", "door-1");
        JsonNode again = json(bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT).payload());
        assertThat(again.at("/data/commandId").asText()).isEqualTo(commandId);
        assertThat(again.at("/data/payload/duration").asInt()).isEqualTo(3000);
        assertThat(again.at("/data/requestedBy").asText()).isEqualTo("user-1");
        status(commandId, CommandState.QUEUED, 1); // command-service has it now
        await().atMost(WAIT).until(() -> historyItem("user-1", "/api/device/door-1/commands", commandId)
                .map(i -> i.at("/revision").asLong() == 1).orElse(false));
        bus.drain();
        await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> bus.drain().stream()
                .noneMatch(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId)));
    }

    @Test
    void aCommandIdCannotBeReusedForAnotherCommand() {
        String commandId = sendCommand("user-1", "door-1");
        try (TestWebSocket socket = dashboard("user-3")) {
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\""
                    + commandId + "\"},\"id\":\"r9\"}");
            JsonNode error = json(socket.awaitEvent("error", WAIT));
            assertThat(error.at("/data/code").asText()).isEqualTo("INVALID_VALUE");
            assertThat(error.at("/id").asText()).isEqualTo("r9");
        }
        given().auth().oauth2(token("user-1")).queryParam("page", 20_000).get("/api/command/history").then().statusCode(400);
    }

    private String sendCommand(String userId, String deviceId) {
        String commandId = UUID.randomUUID().toString();
        try (TestWebSocket socket = dashboard(userId)) {
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"command\":\"unlock_door\",\"commandId\":\""
                    + commandId + "\",\"payload\":{\"duration\":3000}}}");
            socket.awaitEvent("command_status", WAIT);
        }
        bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT);
        return commandId;
    }

    private void status(String commandId, CommandState state, long revision) {
        CommandStatusChanged change = new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR, state, Optional.empty(),
                Instant.now(), revision, "user-1");
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_STATUS, Instant.now(), "command-service", commandId,
                "door-1", Optional.of("user-1"), CODEC.toTree(change));
        bus.publish(Topics.COMMAND_STATUS, CODEC.encode(envelope));
    }

    private Optional<JsonNode> historyItem(String userId, String path, String commandId) {
        JsonNode body = json(given().auth().oauth2(token(userId)).get(path).then().statusCode(200).extract().asString());
        for (JsonNode item : body.at("/data/items")) {
            if (item.at("/commandId").asText().equals(commandId)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    private TestWebSocket dashboard(String userId) {
        TestWebSocket socket = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"), Map.of("Authorization", "Bearer " + token(userId)));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    private static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
