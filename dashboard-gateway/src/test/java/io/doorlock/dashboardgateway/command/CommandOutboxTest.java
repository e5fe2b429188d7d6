package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command outbox: a request is stored before it is published, published again until command-service confirms it,
 * and its commandId cannot be taken by another command. Once stored, a request is answered {@code queued} without
 * waiting for the broker: the outbox delivers it.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandOutboxTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

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

    @Test
    void aRequestCommandServiceNeverConfirmedIsPublishedAgainUntilItIs() {
        String commandId = client.sendCommand("user-1", "door-1");
        JsonNode again = CommandTestClient.json(bus.await(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId), WAIT).payload());
        assertThat(again.at("/data/commandId").asText()).isEqualTo(commandId);
        assertThat(again.at("/data/payload/duration").asInt()).isEqualTo(3000);
        assertThat(again.at("/data/requestedBy").asText()).isEqualTo("user-1");
        client.status(commandId, CommandState.QUEUED, 1); // command-service has it now
        await().atMost(WAIT).until(() -> client.historyItem("user-1", "/api/device/door-1/commands", commandId)
                .map(i -> i.at("/revision").asLong() == 1).orElse(false));
        bus.drain();
        await().during(Duration.ofSeconds(4)).atMost(WAIT).until(() -> bus.drain().stream()
                .noneMatch(m -> m.topic().equals(Topics.COMMAND_REQUESTED) && m.payload().contains(commandId)));
    }

    @Test
    void aCommandIdCannotBeReusedForAnotherCommand() {
        String commandId = client.sendCommand("user-1", "door-1");
        try (TestWebSocket socket = client.dashboard("user-3")) {
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\""
                    + commandId + "\"},\"id\":\"r9\"}");
            JsonNode error = CommandTestClient.json(socket.awaitEvent("error", WAIT));
            assertThat(error.at("/data/code").asText()).isEqualTo("INVALID_VALUE");
            assertThat(error.at("/id").asText()).isEqualTo("r9");
        }
        given().auth().oauth2(CommandTestClient.token("user-1")).queryParam("page", 20_000).get("/api/command/history").then().statusCode(400);
    }

    /**
     * The request is durable once stored, so the dashboard hears {@code queued} at once even while the broker is away
     * (before, it waited {@code doorlock.bus.publish-timeout} for a PUBACK and then heard {@code UNAVAILABLE}), and the
     * outbox publishes it when the broker is back.
     */
    @Test
    void aCommandSentWhileTheBrokerIsAwayIsQueuedAtOnceAndReachesCommandServiceWhenItIsBack() {
        MosquittoBroker broker = DoorlockInfrastructure.broker();
        String commandId = UUID.randomUUID().toString();
        try (TestWebSocket socket = client.dashboard("user-1")) {
            bus.close();
            broker.stop();
            try {
                socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\""
                        + commandId + "\"},\"id\":\"away-1\"}");
                JsonNode answer = CommandTestClient.json(socket.await(f -> f.contains("\"away-1\""), WAIT));
                assertThat(answer.at("/event").asText()).as(answer.toString()).isEqualTo("command_status");
                assertThat(answer.at("/data/status").asText()).isEqualTo("queued");
                assertThat(answer.at("/data/commandId").asText()).isEqualTo(commandId);
                assertThat(client.historyItem("user-1", "/api/command/history", commandId)).as("in the history while the broker is away")
                        .hasValueSatisfying(item -> assertThat(item.at("/status").asText()).isEqualTo("queued"));
            } finally {
                broker.startAgain();
            }
        }
        bus = broker.harness().subscribe(Topics.COMMAND_REQUESTED);
        bus.await(m -> m.payload().contains(commandId), Duration.ofSeconds(30));
    }
}
