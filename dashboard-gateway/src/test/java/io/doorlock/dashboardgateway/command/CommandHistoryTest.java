package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.doorlock.common.command.CommandState;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Command history (REST) and cancel_command (WebSocket and REST), behind the permission checks. */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandHistoryTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    MongoClient mongo;

    TestMqttClient bus;

    CommandTestClient client;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3", "user-7");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED, Topics.COMMAND_CANCEL);
        client = new CommandTestClient(endpoint, bus);
    }

    @AfterEach
    void tearDown() {
        bus.close();
    }

    /**
     * A burst of statuses (50 commands, each queued, sent, received, executed or failed, half of them arriving newest
     * first) lands in the history as each command's last revision, as the user reads it, whatever the batches were.
     */
    @Test
    void aBurstOfStatusesLandsInTheHistoryAsEachCommandsLastRevision() {
        List<String> commandIds = new ArrayList<>();
        Map<String, String> finalStatus = new HashMap<>();
        List<String> messages = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                String commandId = "burst-" + UUID.randomUUID();
                commandIds.add(commandId);
                CommandState last = i % 3 == 0 ? CommandState.FAILED : CommandState.EXECUTED;
                finalStatus.put(commandId, last.wireName());
                List<String> steps = new ArrayList<>(List.of(CommandTestClient.statusMessage(commandId, CommandState.QUEUED, 1),
                        CommandTestClient.statusMessage(commandId, CommandState.SENT, 2),
                        CommandTestClient.statusMessage(commandId, CommandState.RECEIVED, 3),
                        CommandTestClient.statusMessage(commandId, last, 4)));
                if (i % 2 == 1) {
                    Collections.reverse(steps);
                }
                messages.addAll(steps);
            }
            bus.publishAll(Topics.COMMAND_STATUS, messages);

            await().atMost(WAIT).until(() -> {
                Map<String, JsonNode> shown = doorOneHistory();
                return commandIds.stream().allMatch(id -> shown.containsKey(id) && shown.get(id).at("/revision").asLong() == 4);
            });
            Map<String, JsonNode> shown = doorOneHistory();
            for (String commandId : commandIds) {
                JsonNode item = shown.get(commandId);
                assertThat(item.at("/status").asText()).as(commandId).isEqualTo(finalStatus.get(commandId));
                assertThat(item.at("/revision").asLong()).isEqualTo(4);
                assertThat(item.at("/requestedBy").asText()).isEqualTo("user-1");
                assertThat(item.at("/command").asText()).isEqualTo("unlock_door");
            }
        } finally {
            mongo.getDatabase("doorlock_dashboard").getCollection("command_history").deleteMany(Filters.in("_id", commandIds));
        }
    }

    /** The newest 100 commands of door-1, as its owner reads them, by commandId. */
    private Map<String, JsonNode> doorOneHistory() {
        JsonNode body = CommandTestClient.json(given().auth().oauth2(CommandTestClient.token("user-1")).queryParam("limit", 100)
                .get("/api/device/door-1/commands").then().statusCode(200).extract().asString());
        Map<String, JsonNode> items = new HashMap<>();
        body.at("/data/items").forEach(item -> items.put(item.at("/commandId").asText(), item));
        return items;
    }

    @Test
    void historyFollowsTheStatusEventsAndOnlyViewersSeeIt() {
        String commandId = client.sendCommand("user-1", "door-1");
        client.status(commandId, CommandState.QUEUED, 1);
        client.status(commandId, CommandState.SENT, 2);
        client.status(commandId, CommandState.EXECUTED, 3);
        client.status(commandId, CommandState.SENT, 2); // late and out of order: ignored
        await().atMost(WAIT).until(() -> "executed".equals(client.historyItem("user-1", "/api/device/door-1/commands", commandId).map(i -> i.at("/status").asText()).orElse("")));
        JsonNode item = client.historyItem("user-1", "/api/device/door-1/commands", commandId).orElseThrow();
        assertThat(item.at("/revision").asLong()).isEqualTo(3);
        assertThat(item.at("/command").asText()).isEqualTo("unlock_door");
        assertThat(item.at("/requestedBy").asText()).isEqualTo("user-1");

        assertThat(client.historyItem("user-2", "/api/command/history", commandId)).as("shared with view").isPresent();
        assertThat(client.historyItem("user-7", "/api/command/history", commandId)).as("a stranger's history").isEmpty();
        given().auth().oauth2(CommandTestClient.token("user-7")).get("/api/device/door-1/commands").then().statusCode(403);
        given().auth().oauth2(CommandTestClient.token("user-1")).queryParam("limit", 500).get("/api/command/history").then().statusCode(400);
        given().auth().oauth2(CommandTestClient.token("user-1")).queryParam("status", "bogus").get("/api/command/history").then().statusCode(400);
        given().auth().oauth2(CommandTestClient.token("user-1")).queryParam("status", "executed").get("/api/command/history").then().statusCode(200);
    }

    @Test
    void cancelNeedsControlAndIsHandedToCommandService() {
        String commandId = client.sendCommand("user-1", "door-1");
        try (TestWebSocket viewer = client.dashboard("user-2"); TestWebSocket stranger = client.dashboard("user-7"); TestWebSocket controller = client.dashboard("user-3")) {
            viewer.send("{\"event\":\"cancel_command\",\"data\":{\"commandId\":\"" + commandId + "\"},\"id\":\"c1\"}");
            assertThat(CommandTestClient.json(viewer.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("FORBIDDEN");
            stranger.send("{\"event\":\"cancel_command\",\"data\":{\"commandId\":\"" + commandId + "\"},\"id\":\"c2\"}");
            assertThat(CommandTestClient.json(stranger.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("FORBIDDEN");
            stranger.send("{\"event\":\"cancel_command\",\"data\":{\"commandId\":\"" + UUID.randomUUID() + "\"}}");
            assertThat(CommandTestClient.json(stranger.awaitEvent("error", WAIT)).at("/data/message").asText()).as("unknown looks like forbidden")
                    .startsWith("no control permission");

            controller.send("{\"event\":\"cancel_command\",\"data\":{\"commandId\":\"" + commandId + "\"},\"id\":\"c3\"}");
            JsonNode cancel = CommandTestClient.json(bus.await(m -> m.topic().equals(Topics.COMMAND_CANCEL), WAIT).payload());
            assertThat(cancel.at("/data/commandId").asText()).isEqualTo(commandId);
            assertThat(cancel.at("/data/deviceId").asText()).isEqualTo("door-1");
            assertThat(cancel.at("/data/requestedBy").asText()).isEqualTo("user-3");
        }
        assertThat(bus.drain()).as("the refused cancels never reached the bus").noneMatch(m -> m.topic().equals(Topics.COMMAND_CANCEL));

        client.status(commandId, CommandState.SENT, 2);
        await().atMost(WAIT).until(() -> "sent".equals(client.historyItem("user-1", "/api/device/door-1/commands", commandId).map(i -> i.at("/status").asText()).orElse("")));
        given().auth().oauth2(CommandTestClient.token("user-1")).post("/api/command/" + commandId + "/cancel").then().statusCode(409);
    }
}
