package io.doorlock.dashboardgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import jakarta.inject.Inject;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DashboardSocketTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    TestMqttClient bus;
    java.time.Instant started;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    MongoClient mongo;

    @BeforeEach
    void registerUsersAndDevices() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3", "user-7", "user-9");
        TestDevices.ensureDoors(devices);
    }

    @BeforeEach
    void connectBus() {
        started = java.time.Instant.now();
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED);
    }

    /**
     * The command requests made during this test. With no command-service here to confirm them, earlier tests'
     * requests are re-published every few seconds; a re-publication keeps its original {@code requestedAt}.
     */
    java.util.List<TestMqttClient.Received> requestsOfThisTest() {
        return bus.drain().stream()
                .filter(m -> !java.time.Instant.parse(json(m.payload()).at("/data/requestedAt").asText()).isBefore(started)).toList();
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    String ws() {
        return endpoint.toString().replaceFirst("^http", "ws");
    }

    static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    TestWebSocket dashboard(String userId) {
        TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + token(userId)));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    @Test
    void connectionHandshakeAndValidationMetricsMove() {
        // Sockets of earlier tests may still be closing: start from none, so the gauge's moves are this test's own.
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> io.doorlock.testing.PrometheusText.sum(metrics(), "doorlock_dashboard_connections") == 0);
        String before = metrics();
        try (TestWebSocket forged = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + TestKeys.generate().token("user-1", "x", "user")))) {
            forged.awaitClose(WAIT);
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> moved(before, "doorlock_dashboard_handshakes_total", "result=\"rejected\"", "reason=\"credentials\"") == 1);
        try (TestWebSocket socket = dashboard("user-1")) {
            assertThat(moved(before, "doorlock_dashboard_handshakes_total", "result=\"accepted\"")).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> moved(before, "doorlock_dashboard_connections") == 1);
            socket.send("{\"event\":");
            socket.await(f -> f.contains("MALFORMED_JSON"), WAIT);
            assertThat(moved(before, "doorlock_validation_errors_total", "code=\"MALFORMED_JSON\"", "endpoint=\"dashboard-ws\"")).isEqualTo(1);
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> moved(before, "doorlock_dashboard_connections") == 0);
    }

    static String metrics() {
        return io.restassured.RestAssured.get("/q/metrics").asString();
    }

    static double moved(String before, String name, String... labels) {
        return io.doorlock.testing.PrometheusText.sum(metrics(), name, labels) - io.doorlock.testing.PrometheusText.sum(before, name, labels);
    }

    @Test
    void aValidTokenInTheHeaderAuthenticates() {
        try (TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + token("user-1")))) {
            JsonNode ok = json(socket.awaitEvent("authenticated", WAIT));
            assertThat(ok.at("/data/userId").asText()).isEqualTo("user-1");
            assertThat(ok.at("/data/username").asText()).isEqualTo("user-1-name");
            assertThat(ok.at("/data/role").asText()).isEqualTo("user");
        }
    }

    @Test
    void aValidTokenInAFirstFrameAuthenticates() {
        try (TestWebSocket socket = TestWebSocket.connect(ws())) {
            socket.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + token("user-2") + "\"}}");
            assertThat(json(socket.awaitEvent("authenticated", WAIT)).at("/data/userId").asText()).isEqualTo("user-2");
        }
    }

    @Test
    void forgedExpiredUnsignedAndForeignAudienceTokensCloseTheConnection() {
        String forged = TestKeys.generate().token("user-1", "user-1", "admin");
        String expired = DoorlockInfrastructure.keys().token("user-1", "user-1", "user", Duration.ofSeconds(-120));
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"user-1\",\"iss\":\"" + TestKeys.ISSUER
                + "\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + ",\"groups\":[\"admin\"]}") + ".";
        String otherAudience = DoorlockInfrastructure.keys().token("user-1", "user-1", "admin", Duration.ofMinutes(5), "some-other-api");
        for (String bad : new String[] {forged, expired, unsigned, otherAudience, "garbage"}) {
            try (TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + bad))) {
                assertThat(socket.awaitClose(WAIT).code()).as(bad).isEqualTo(4401);
            }
            try (TestWebSocket socket = TestWebSocket.connect(ws())) {
                socket.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + bad + "\"}}");
                assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("AUTH_FAILED");
                assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4401);
            }
        }
    }

    @Test
    void noTokenAtAllClosesAfterTheTimeout() {
        try (TestWebSocket socket = TestWebSocket.connect(ws())) {
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("AUTH_TIMEOUT");
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4408);
        }
    }

    @Test
    void badFramesGetAnErrorAndTheConnectionStaysOpen() {
        try (TestWebSocket socket = dashboard("user-1")) {
            socket.send("[[[");
            assertThat(errorCode(socket)).isEqualTo("MALFORMED_JSON");
            socket.send("{\"event\":\"drop_tables\",\"data\":{}}");
            assertThat(errorCode(socket)).isEqualTo("UNKNOWN_EVENT");
            socket.send("{\"event\":\"send_command\",\"data\":{\"command\":\"unlock_door\"}}");
            assertThat(errorCode(socket)).isEqualTo("MISSING_FIELD");
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":600000}}}");
            assertThat(errorCode(socket)).isEqualTo("OUT_OF_RANGE");
            socket.send("{\"event\":\"subscribe_device\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"s1\"}");
            JsonNode subscribed = json(socket.awaitEvent("subscribed", WAIT));
            assertThat(subscribed.at("/id").asText()).isEqualTo("s1");
        }
        assertThat(requestsOfThisTest()).as("no invalid command reached the bus").isEmpty();
    }

    @Test
    void aMessageOverTheOneMebibyteLimitClosesWith1009() {
        try (TestWebSocket socket = dashboard("user-1")) {
            socket.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}}");
            TestWebSocket.Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.reason()).isEqualTo("message too big");
        }
        try (TestWebSocket again = dashboard("user-1")) {
            again.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"after-big\"}");
            assertThat(json(again.await(f -> f.contains("\"after-big\""), WAIT)).at("/event").asText()).isEqualTo("device_status");
        }
    }

    @Test
    void theOwnerSendsACommandAndGetsQueued() {
        try (TestWebSocket socket = dashboard("user-1")) {
            socket.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}},\"id\":\"c1\"}");
            JsonNode queued = json(socket.awaitEvent("command_status", WAIT));
            assertThat(queued.at("/id").asText()).isEqualTo("c1");
            assertThat(queued.at("/data/status").asText()).isEqualTo("queued");
            String commandId = queued.at("/data/commandId").asText();
            assertThat(UUID.fromString(commandId)).isNotNull();

            JsonNode request = json(bus.await(m -> m.payload().contains(commandId), WAIT).payload());
            assertThat(request.at("/type").asText()).isEqualTo("command.requested");
            assertThat(request.at("/data/command").asText()).isEqualTo("unlock_door");
            assertThat(request.at("/data/payload/duration").asInt()).isEqualTo(5000);
            assertThat(request.at("/data/requestedBy").asText()).isEqualTo("user-1");
        }
    }

    @Test
    void permissionsAreCheckedAndNothingLeaks() {
        try (TestWebSocket viewer = dashboard("user-2"); TestWebSocket controller = dashboard("user-3");
                TestWebSocket stranger = dashboard("user-7")) {
            viewer.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\"}}");
            JsonNode refused = json(viewer.awaitEvent("error", WAIT));
            assertThat(refused.at("/data/code").asText()).isEqualTo("FORBIDDEN");
            viewer.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"}}");
            assertThat(json(viewer.awaitEvent("device_status", WAIT)).at("/data/deviceId").asText()).isEqualTo("door-1");

            controller.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"lock_door\"}}");
            assertThat(json(controller.awaitEvent("command_status", WAIT)).at("/data/status").asText()).isEqualTo("queued");

            stranger.send("{\"event\":\"subscribe_device\",\"data\":{\"deviceId\":\"door-1\"}}");
            String existing = json(stranger.awaitEvent("error", WAIT)).at("/data/message").asText();
            stranger.send("{\"event\":\"subscribe_device\",\"data\":{\"deviceId\":\"door-404\"}}");
            String missing = json(stranger.awaitEvent("error", WAIT)).at("/data/message").asText();
            assertThat(existing.replace("door-1", "X")).isEqualTo(missing.replace("door-404", "X"));
            stranger.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}}");
            assertThat(json(stranger.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("FORBIDDEN");
        }
        assertThat(requestsOfThisTest()).as("only the controller's command was requested").hasSize(1);
    }

    @Test
    void commandStatusReachesEveryoneWhoMayViewTheDeviceAndNobodyElse() {
        try (TestWebSocket owner = dashboard("user-1"); TestWebSocket viewer = dashboard("user-2");
                TestWebSocket stranger = dashboard("user-7")) {
            String commandId = UUID.randomUUID().toString();
            CommandStatusChanged change = new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR, CommandState.EXECUTED,
                    Optional.empty(), Instant.now(), 4, "user-3");
            bus.publish(Topics.COMMAND_STATUS, CODEC.encode(new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_STATUS,
                    Instant.now(), "command-service", commandId, "door-1", Optional.of("user-3"), CODEC.toTree(change))));
            for (TestWebSocket socket : new TestWebSocket[] {owner, viewer}) {
                JsonNode status = json(socket.await(f -> f.contains(commandId), WAIT));
                assertThat(status.at("/event").asText()).isEqualTo("command_status");
                assertThat(status.at("/data/status").asText()).isEqualTo("executed");
                assertThat(status.at("/data/revision").asLong()).isEqualTo(4);
            }
            owner.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"}}");
            owner.awaitEvent("device_status", WAIT);
            stranger.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-9\"}}");
            stranger.awaitEvent("error", WAIT);
            assertThat(stranger.drain()).noneMatch(f -> f.contains(commandId));
        }
    }

    @Test
    void theBatteryLevelReachesViewersWhenItChangesAndIsPartOfTheStatus() throws Exception {
        try (TestWebSocket owner = dashboard("user-1"); TestWebSocket stranger = dashboard("user-7")) {
            deviceEvent("door-1", "device_heartbeat", "{\"batteryLevel\":81}");
            JsonNode first = json(owner.await(f -> f.contains("device_status") && f.contains("\"batteryLevel\":81"), WAIT));
            assertThat(first.at("/data/deviceId").asText()).isEqualTo("door-1");
            // The same level again says nothing new: the next frame is the answer to a request sent after it.
            deviceEvent("door-1", "device_heartbeat", "{\"batteryLevel\":81}");
            Thread.sleep(300);
            owner.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"s0\"}");
            String next = owner.await(f -> f.contains("device_status"), WAIT);
            assertThat(next).as("no second device_status for the same level").contains("\"id\":\"s0\"");
            // A low_battery with another level does.
            deviceEvent("door-1", "low_battery", "{\"batteryLevel\":9}");
            owner.await(f -> f.contains("device_status") && f.contains("\"batteryLevel\":9"), WAIT);
            owner.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"s1\"}");
            assertThat(json(owner.await(f -> f.contains("\"s1\""), WAIT)).at("/data/batteryLevel").asInt()).isEqualTo(9);
            assertThat(stranger.drain()).noneMatch(f -> f.contains("batteryLevel"));
        }
    }

    @Test
    void aDisconnectIsNeitherHiddenByALaterMessageNorWinsOverANewerConnect() {
        try (TestWebSocket owner = dashboard("user-9")) {
            Instant t = Instant.now();
            deviceEvent("door-9", "device_connected", connection("door-9", t, Optional.empty()), t);
            owner.await(f -> f.contains("\"device_connected\""), WAIT);
            // The device's last heartbeat was handled just after its Will, but published just before the disconnect.
            deviceEvent("door-9", "device_heartbeat", "{\"batteryLevel\":70}", t.plusMillis(20));
            deviceEvent("door-9", "device_disconnected", connection("door-9", t.plusMillis(10), Optional.of("mqtt_offline")), t.plusMillis(10));
            owner.await(f -> f.contains("\"device_disconnected\""), WAIT);
            owner.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-9\"},\"id\":\"p1\"}");
            assertThat(json(owner.await(f -> f.contains("\"p1\""), WAIT)).at("/data/status").asText()).isEqualTo("offline");

            // A reconnect: the new connection's connect is published before the old one's disconnect.
            deviceEvent("door-9", "device_connected", connection("door-9", t.plusMillis(40), Optional.empty()), t.plusMillis(40));
            deviceEvent("door-9", "device_disconnected", connection("door-9", t.plusMillis(30), Optional.of("client_disconnect")), t.plusMillis(30));
            // Events are applied in order: once this battery change is heard, the stale disconnect before it was handled.
            deviceEvent("door-9", "device_heartbeat", "{\"batteryLevel\":71}", t.plusMillis(50));
            owner.await(f -> f.contains("device_status") && f.contains("\"batteryLevel\":71"), WAIT);
            owner.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-9\"},\"id\":\"p2\"}");
            assertThat(json(owner.await(f -> f.contains("\"p2\""), WAIT)).at("/data/status").asText()).isEqualTo("online");
        }
    }

    private static String connection(String deviceId, Instant at, Optional<String> reason) {
        return "{\"deviceId\":\"" + deviceId + "\",\"deviceName\":\"" + deviceId + "\",\"timestamp\":\"" + at + "\""
                + reason.map(r -> ",\"reason\":\"" + r + "\"").orElse("") + "}";
    }

    private void deviceEvent(String deviceId, String event, String dataJson) {
        deviceEvent(deviceId, event, dataJson, Instant.now());
    }

    private void deviceEvent(String deviceId, String event, String dataJson, Instant receivedAt) {
        io.doorlock.common.bus.DeviceEventReceived received = new io.doorlock.common.bus.DeviceEventReceived(deviceId, Optional.empty(), event,
                json(dataJson), receivedAt, new io.doorlock.common.bus.ConnectionMetadata(Optional.empty(), Optional.empty(),
                        Optional.of("s-" + deviceId), io.doorlock.common.bus.Transport.WEBSOCKET));
        bus.publish(Topics.busDeviceEvent(event), CODEC.encode(new BusEnvelope(UUID.randomUUID().toString(), BusTypes.DEVICE_EVENT,
                Instant.now(), "device-gateway", UUID.randomUUID().toString(), deviceId, Optional.empty(), CODEC.toTree(received))));
    }

    @Test
    void everySendCommandAboveTheLimitsIsAnsweredWithItsOwnIdAndTheDashboardStaysOpen() {
        // The test limit: bursts of 20, then 5 a second, closed after 60 refused in a row. 50 as fast as the socket
        // takes them: the burst is queued, the rest refused, each refusal saying which request it refuses.
        CommandBurst burst = null;
        try (TestWebSocket socket = dashboard("user-1")) {
            burst = CommandBurst.send(socket, 50);
            Map<String, JsonNode> answers = burst.answers(socket, WAIT);
            assertThat(answers.values()).allMatch(a -> CommandBurst.queued(a) || CommandBurst.refused(a, "RATE_LIMITED"));
            assertThat(answers.values().stream().filter(CommandBurst::queued).count()).isGreaterThanOrEqualTo(20);
            assertThat(answers.values().stream().filter(a -> CommandBurst.refused(a, "RATE_LIMITED")).count()).isPositive();
            assertThat(socket.isOpen()).isTrue();
        } finally {
            if (burst != null) {
                burst.forget(mongo, "doorlock_dashboard");
            }
        }
    }

    @Test
    void aFloodingDashboardIsRateLimitedThenClosedAndMayComeBack() {
        try (TestWebSocket socket = dashboard("user-1")) {
            // Until the gateway closes it (2,000 frames at most): 60 refused in a row must fit between two refills.
            for (int i = 0; i < 2000 && socket.isOpen(); i++) {
                try {
                    socket.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"}}");
                } catch (IllegalStateException closedMeanwhile) {
                    break;
                }
            }
            String refused = socket.await(f -> f.contains("RATE_LIMITED"), WAIT);
            assertThat(json(refused).at("/event").asText()).isEqualTo("error");
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4429);
        }
        // The same user, on a new connection, is served again.
        try (TestWebSocket again = dashboard("user-1")) {
            again.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"after\"}");
            assertThat(json(again.await(f -> f.contains("\"after\""), WAIT)).at("/event").asText()).isEqualTo("device_status");
        }
    }

    @Test
    void aDashboardWhoseTokenExpiresIsToldAndClosed() {
        String shortLived = DoorlockInfrastructure.keys().token("user-1", "user-1", "user", Duration.ofSeconds(2));
        try (TestWebSocket socket = TestWebSocket.connect(ws(), Map.of("Authorization", "Bearer " + shortLived))) {
            socket.awaitEvent("authenticated", WAIT);
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("TOKEN_EXPIRED");
            TestWebSocket.Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).isEqualTo("token expired");
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorCode(TestWebSocket socket) {
        return json(socket.awaitEvent("error", WAIT)).at("/data/code").asText();
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
