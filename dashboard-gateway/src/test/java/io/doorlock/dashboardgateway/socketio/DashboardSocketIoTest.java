package io.doorlock.dashboardgateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.SocketIoClient;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's dashboards and door app connect unchanged: the official socket.io-client 4.8 (Node.js, default
 * transports) against dashboard-gateway's {@code /socket.io/}, with the seed's own {@code test-socket-auth.js}.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DashboardSocketIoTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI root;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    MongoClient mongo;

    TestMqttClient bus;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    String url() {
        return root.toString().replaceFirst("/$", "");
    }

    static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    SocketIoClient dashboard(String userId) {
        return SocketIoClient.connect(url(), "{\"auth\":{\"token\":\"" + token(userId) + "\",\"clientType\":\"dashboard\"},\"reconnection\":false}");
    }

    @Test
    void theSeedsTestSocketAuthScriptSeesAValidTokenConnectAndAnInvalidOneRejected() {
        String output = SocketIoClient.run("test-socket-auth.cjs", Map.of("DOORLOCK_URL", url(), "DOORLOCK_TOKEN", token("user-1")),
                Duration.ofSeconds(30));
        assertThat(output).contains("✅ Connected with valid token").contains("✅ Invalid token rejected: invalid or expired token")
                .doesNotContain("❌");
    }

    @Test
    void aDashboardSubscribesAsksAndCommandsWithTheSeedsEventNames() {
        try (SocketIoClient dashboard = dashboard("user-3")) {
            dashboard.awaitType("connect", WAIT);
            dashboard.emit("subscribe_device", "{\"deviceId\":\"door-1\"}");
            assertThat(dashboard.awaitEvent("subscribed", WAIT).at("/data/deviceId").asText()).isEqualTo("door-1");

            dashboard.emit("request_device_status", "{\"deviceId\":\"door-1\"}");
            assertThat(dashboard.awaitEvent("device_status_response", WAIT).at("/data/deviceId").asText()).isEqualTo("door-1");

            dashboard.emit("send_command", "{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            JsonNode sent = dashboard.awaitEvent("command_sent", WAIT);
            assertThat(sent.at("/data/status").asText()).isEqualTo("queued");
            String commandId = sent.at("/data/commandId").asText();
            bus.await(m -> new String(m.payload()).contains(commandId), WAIT);

            // with an ack callback the answer comes to the callback instead
            int seq = dashboard.emitWithAck("send_command", "{\"deviceId\":\"door-1\",\"command\":\"lock_door\"}");
            JsonNode ack = dashboard.awaitAck(seq, WAIT);
            assertThat(ack.at("/args/0/success").asBoolean()).isTrue();
            assertThat(ack.at("/args/0/event").asText()).isEqualTo("command_sent");
            assertThat(ack.at("/args/0/data/command").asText()).isEqualTo("lock_door");

            dashboard.emit("unsubscribe_device", "{\"deviceId\":\"door-1\"}");
            assertThat(dashboard.awaitEvent("unsubscribed", WAIT).at("/data/deviceId").asText()).isEqualTo("door-1");
        }
    }

    @Test
    void anEventDroppedByTheRateLimitIsAckedAsRefusedNeverAsSuccess() {
        try (SocketIoClient dashboard = dashboard("user-1")) {
            dashboard.awaitType("connect", WAIT);
            // The test limit: bursts of 20, then 5 a second. 40 at once: the burst is served, the rest refused.
            int last = 0;
            for (int i = 0; i < 40; i++) {
                last = dashboard.emitWithAck("request_device_status", "{\"deviceId\":\"door-1\"}");
            }
            JsonNode refused = dashboard.awaitAck(last, WAIT);
            assertThat(refused.at("/args/0/success").asBoolean()).isFalse();
            assertThat(refused.at("/args/0/error/code").asText()).isEqualTo("RATE_LIMITED");
            assertThat(dashboard.awaitAck(1, WAIT).at("/args/0/success").asBoolean()).as("the burst was served").isTrue();
        }
    }

    @Test
    void everyCommandEmittedWithoutAckIsAnsweredAndARefusalNamesItsCommandId() {
        List<String> commandIds = new ArrayList<>();
        try (SocketIoClient dashboard = dashboard("user-1")) {
            dashboard.awaitType("connect", WAIT);
            // The test limit: bursts of 20, then 5 a second. 50 at once, without ack callbacks: each is answered by
            // command_sent or an error event, both naming its commandId, which is all such a client can match on.
            for (int i = 0; i < 50; i++) {
                String commandId = UUID.randomUUID().toString();
                commandIds.add(commandId);
                dashboard.emit("send_command", "{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\"" + commandId + "\"}");
            }
            Map<String, List<String>> answers = new HashMap<>();
            for (String commandId : commandIds) {
                JsonNode answer = dashboard.await(r -> "event".equals(r.path("type").asText()) && commandId.equals(commandIdOf(r)), WAIT);
                answers.computeIfAbsent(commandId, k -> new ArrayList<>()).add(answer.path("event").asText()
                        + ("error".equals(answer.path("event").asText()) ? ":" + answer.at("/data/code").asText() : ""));
            }
            assertThat(answers.values()).allSatisfy(a -> assertThat(a).singleElement().isIn("command_sent", "error:RATE_LIMITED"));
            // The burst of 20, less the token the CONNECT packet took.
            assertThat(answers.values().stream().filter(a -> a.contains("command_sent")).count()).isGreaterThanOrEqualTo(19);
            assertThat(answers.values().stream().filter(a -> a.contains("error:RATE_LIMITED")).count()).isPositive();
            int marker = dashboard.emitWithAck("request_device_status", "{\"deviceId\":\"door-1\"}");
            dashboard.awaitAck(marker, WAIT);
            for (String commandId : commandIds) {
                assertThat(dashboard.reports().stream().filter(r -> "event".equals(r.path("type").asText()) && commandId.equals(commandIdOf(r))))
                        .as("answers to " + commandId).hasSize(1);
            }
            assertThat(dashboard.reports()).noneMatch(r -> "disconnect".equals(r.path("type").asText()));
        } finally {
            mongo.getDatabase("doorlock_dashboard").getCollection("command_history").deleteMany(Filters.in("_id", commandIds));
        }
    }

    /** The commandId an answer names: command_sent's own, or an error's detail. */
    private static String commandIdOf(JsonNode report) {
        return "error".equals(report.path("event").asText()) ? report.at("/data/details/0/message").asText()
                : report.at("/data/commandId").asText();
    }

    @Test
    void aViewerIsRefusedWithAnErrorAndTheAckSaysSo() {
        try (SocketIoClient viewer = dashboard("user-2")) {
            viewer.awaitType("connect", WAIT);
            viewer.emit("send_command", "{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            JsonNode error = viewer.awaitEvent("error", WAIT);
            assertThat(error.at("/data/code").asText()).isEqualTo("FORBIDDEN");
            assertThat(error.at("/data/message").asText()).contains("no control permission");
            int seq = viewer.emitWithAck("send_command", "{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            JsonNode ack = viewer.awaitAck(seq, WAIT);
            assertThat(ack.at("/args/0/success").asBoolean()).isFalse();
            assertThat(ack.at("/args/0/error/code").asText()).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void theTokenMayComeAsAQueryParameterAndDevicesAreSentToTheirGateway() {
        try (SocketIoClient dashboard = SocketIoClient.connect(url(), "{\"query\":{\"token\":\"" + token("user-1") + "\"},\"reconnection\":false}")) {
            dashboard.awaitType("connect", WAIT);
        }
        try (SocketIoClient device = SocketIoClient.connect(url(),
                "{\"auth\":{\"token\":\"t\",\"clientType\":\"device\",\"deviceId\":\"door-1\"},\"reconnection\":false}")) {
            assertThat(device.awaitType("connect_error", WAIT).path("message").asText()).contains("device-gateway");
        }
    }

    @Test
    void anIdleDashboardStaysConnectedAcrossSeveralPingIntervals() throws InterruptedException {
        try (SocketIoClient dashboard = dashboard("user-1")) {
            dashboard.awaitType("connect", WAIT);
            Thread.sleep(3_500); // ping-interval is 1 s in tests
            assertThat(dashboard.reports().stream().filter(r -> "ping".equals(r.path("type").asText())).count()).isGreaterThanOrEqualTo(3);
            assertThat(dashboard.reports()).noneMatch(r -> "disconnect".equals(r.path("type").asText()));
            dashboard.emit("subscribe_device", "{\"deviceId\":\"door-1\"}");
            dashboard.awaitEvent("subscribed", WAIT);
        }
    }
}
