package io.doorlock.devicegateway.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DeviceSocketTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/device")
    URI endpoint;

    TestMqttClient bus;

    @Inject
    Vertx vertx;

    @BeforeEach
    void connectBus() {
        TestDevices.registerFleet();
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.DEVICE_EVENTS_ALL, Topics.COMMAND_DELIVERY);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    String ws(String query) {
        return endpoint.toString().replaceFirst("^http", "ws") + query;
    }

    TestWebSocket authenticatedByHeader(String deviceId, String token) {
        TestWebSocket socket = TestWebSocket.connect(ws("?deviceId=" + deviceId), Map.of("Authorization", "Bearer " + token));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    @Test
    void aDeviceAuthenticatesWithTheAuthorizationHeader() {
        try (TestWebSocket socket = TestWebSocket.connect(ws("?deviceId=door-1"), Map.of("Authorization", "Bearer token-door-1"))) {
            String frame = socket.awaitEvent("authenticated", WAIT);
            assertThat(json(frame).at("/data/deviceId").asText()).isEqualTo("door-1");
        }
    }

    @Test
    void aDeviceAuthenticatesWithAFirstMessage() {
        try (TestWebSocket socket = TestWebSocket.connect(ws(""))) {
            socket.send("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-1\",\"token\":\"token-door-1\"},\"id\":\"a1\"}");
            JsonNode answer = json(socket.awaitEvent("authenticated", WAIT));
            assertThat(answer.at("/id").asText()).isEqualTo("a1");
        }
    }

    @Test
    void aWrongTokenInTheHeaderClosesTheConnection() {
        try (TestWebSocket socket = TestWebSocket.connect(ws("?deviceId=door-1"), Map.of("Authorization", "Bearer wrong"))) {
            TestWebSocket.Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(4401);
            assertThat(closed.reason()).contains("authentication failed");
        }
    }

    @Test
    void anotherDevicesTokenDoesNotOpenThisDevice() {
        try (TestWebSocket socket = TestWebSocket.connect(ws(""))) {
            socket.send("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-1\",\"token\":\"token-door-2\"}}");
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("AUTH_FAILED");
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    @Test
    void aSilentConnectionIsClosedAfterTheAuthTimeout() {
        try (TestWebSocket socket = TestWebSocket.connect(ws(""))) {
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("AUTH_TIMEOUT");
            assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4408);
        }
    }

    @Test
    void eventsBeforeAuthenticationAreRefusedButTheDeviceMayStillAuthenticate() {
        try (TestWebSocket socket = TestWebSocket.connect(ws(""))) {
            socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\"}}");
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("UNAUTHENTICATED");
            socket.send("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-1\",\"token\":\"token-door-1\"}}");
            socket.awaitEvent("authenticated", WAIT);
        }
    }

    @Test
    void badFramesGetAnErrorAndTheConnectionStaysOpen() {
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            socket.send("{not json");
            assertThat(errorCode(socket)).isEqualTo("MALFORMED_JSON");
            socket.send("{\"event\":\"open_all_doors\",\"data\":{}}");
            assertThat(errorCode(socket)).isEqualTo("UNKNOWN_EVENT");
            socket.send("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-1\",\"token\":\"token-door-1\"}}");
            assertThat(errorCode(socket)).as("a second authenticate").isEqualTo("INVALID_VALUE");
            socket.send("[1,2]");
            assertThat(errorCode(socket)).isEqualTo("INVALID_ENVELOPE");
            socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"batteryLevel\":150}}");
            assertThat(errorCode(socket)).isEqualTo("OUT_OF_RANGE");
            socket.send("{\"event\":\"low_battery\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"x9\"}");
            JsonNode missing = json(socket.awaitEvent("error", WAIT));
            assertThat(missing.at("/data/code").asText()).isEqualTo("MISSING_FIELD");
            assertThat(missing.at("/id").asText()).isEqualTo("x9");
            socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"batteryLevel\":\"full\"}}");
            assertThat(errorCode(socket)).isEqualTo("INVALID_TYPE");
            socket.send("{\"event\":\"error_occurred\",\"data\":{\"deviceId\":\"door-1\",\"errorCode\":\"E\",\"errorMessage\":\"" + "x".repeat(70_000) + "\"}}");
            assertThat(errorCode(socket)).isEqualTo("PAYLOAD_TOO_LARGE");

            socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"batteryLevel\":85,\"status\":\"online\"}}");
            // Matched by content: late heartbeats of an earlier test (the flood) may still be on their way.
            TestMqttClient.Received published = bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_heartbeat"))
                    && m.payload().contains("\"batteryLevel\":85"), WAIT);
            JsonNode envelope = json(published.payload());
            assertThat(envelope.at("/deviceId").asText()).isEqualTo("door-1");
            assertThat(envelope.at("/userId").asText()).isEqualTo("user-1");
            assertThat(envelope.at("/data/data/batteryLevel").asInt()).isEqualTo(85);
            assertThat(envelope.at("/data/metadata/source").asText()).isEqualTo("websocket");
            assertThat(socket.isOpen()).isTrue();
        }
        // Besides presence events, only heartbeats may be on the bus: late, battery-less ones of the flood test run
        // before. An invalid frame of this test (unknown event, low_battery, error_occurred, a heartbeat with
        // batteryLevel "full" or 150) would show up here.
        assertThat(bus.drain()).as("no invalid frame reached the bus")
                .filteredOn(m -> !m.topic().endsWith("/device_connected") && !m.topic().endsWith("/device_disconnected") && !m.topic().endsWith("/device_status"))
                .allMatch(m -> m.topic().endsWith("/device_heartbeat") && !m.payload().contains("\"batteryLevel\""));
    }

    @Test
    void aFrameOverTheOneMebibyteLimitClosesWith1009AndTheDeviceMayComeBack() {
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}}");
            TestWebSocket.Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(1009);
            assertThat(closed.reason()).isEqualTo("message too big");
        }
        try (TestWebSocket again = authenticatedByHeader("door-1", "token-door-1")) {
            again.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"batteryLevel\":77}}");
            bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_heartbeat")) && m.payload().contains("\"batteryLevel\":77"), WAIT);
        }
    }

    @Test
    void anUnfragmentedFrameUnderTheLimitReachesTheValidatorAndTheConnectionStays() throws Exception {
        // The JDK client of TestWebSocket sends a long message in 16 KiB fragments; a device may send one frame.
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(2_000_000));
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        try {
            WebSocket socket = client.connect(new WebSocketConnectOptions().setHost(endpoint.getHost()).setPort(endpoint.getPort())
                            .setURI("/ws/device?deviceId=door-1").addHeader("Authorization", "Bearer token-door-1"))
                    .onSuccess(ws -> ws.textMessageHandler(frames::add))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"authenticated\"");
            socket.writeFrame(WebSocketFrame.textFrame("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\",\"pad\":\""
                    + "x".repeat(100_000) + "\"}}", true));
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("PAYLOAD_TOO_LARGE");
            assertThat(socket.isClosed()).isFalse();
        } finally {
            client.close();
        }
    }

    @Test
    void aDeviceCannotSpeakForAnotherDevice() {
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            socket.send("{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"door-2\",\"status\":\"unlocked\"}}");
            assertThat(errorCode(socket)).isEqualTo("DEVICE_MISMATCH");
            socket.send("{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"door-1\",\"status\":\"locked\"}}");
            bus.await(m -> m.topic().endsWith("door_status_changed"), WAIT);
        }
        assertThat(bus.drain()).noneMatch(m -> m.payload().contains("door-2"));
    }

    @Test
    void aCommandIsDeliveredToTheConnectedDeviceAndReportedSent() {
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            String commandId = UUID.randomUUID().toString();
            dispatch(commandId, "door-1", Instant.now().plusSeconds(30));
            JsonNode frame = json(socket.awaitEvent("unlock_door", WAIT));
            assertThat(frame.at("/data/commandId").asText()).isEqualTo(commandId);
            assertThat(frame.at("/data/duration").asInt()).isEqualTo(5000);
            assertThat(frame.at("/data/expiresAt").isMissingNode()).isFalse();

            JsonNode delivery = json(bus.await(m -> m.topic().equals(Topics.COMMAND_DELIVERY) && m.payload().contains(commandId), WAIT).payload());
            assertThat(delivery.at("/data/transport").asText()).isEqualTo("websocket");

            socket.send("{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"executed\"}}");
            JsonNode ack = json(bus.await(m -> m.topic().equals(Topics.busDeviceEvent("command_ack")), WAIT).payload());
            assertThat(ack.at("/data/data/commandId").asText()).isEqualTo(commandId);
            assertThat(ack.at("/correlationId").asText()).isEqualTo("corr-" + commandId);
        }
    }

    @Test
    void anExpiredCommandIsNeverWritten() {
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            String late = UUID.randomUUID().toString();
            dispatch(late, "door-1", Instant.now().minusSeconds(1));
            String fresh = UUID.randomUUID().toString();
            dispatch(fresh, "door-1", Instant.now().plusSeconds(30));
            socket.await(f -> f.contains(fresh), WAIT);
            assertThat(socket.drain()).noneMatch(f -> f.contains(late));
        }
    }

    @Test
    void aNewerConnectionReplacesTheOlderOne() {
        try (TestWebSocket first = authenticatedByHeader("door-2", "token-door-2");
                TestWebSocket second = authenticatedByHeader("door-2", "token-door-2")) {
            TestWebSocket.Closed closed = first.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(4409);
            String commandId = UUID.randomUUID().toString();
            dispatch(commandId, "door-2", Instant.now().plusSeconds(30));
            second.await(f -> f.contains(commandId), WAIT);
        }
    }

    @Test
    void aFloodGetsRateLimitedThenClosedAndIsCounted() {
        double before = rateLimitedFrames();
        try (TestWebSocket socket = authenticatedByHeader("door-1", "token-door-1")) {
            for (int i = 0; i < 150 && socket.isOpen(); i++) {
                try {
                    socket.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\"}}");
                } catch (IllegalStateException closedMeanwhile) {
                    break;
                }
            }
            assertThat(json(socket.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("RATE_LIMITED");
            TestWebSocket.Closed closed = socket.awaitClose(WAIT);
            assertThat(closed.code()).isEqualTo(4429);
        }
        assertThat(rateLimitedFrames()).isGreaterThanOrEqualTo(before + 60);
        // the device may come back and behave
        try (TestWebSocket again = authenticatedByHeader("door-1", "token-door-1")) {
            again.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\"}}");
            bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_heartbeat")), WAIT);
        }
    }

    private static double rateLimitedFrames() {
        return io.doorlock.devicegateway.TestDevices.metric("doorlock_rate_limited_frames_total");
    }

    @Test
    void connectingAndDisconnectingArePublishedOncePerRealTransition() {
        bus.drain();
        TestWebSocket first = authenticatedByHeader("door-2", "token-door-2");
        bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_connected")) && m.payload().contains("door-2"), WAIT);
        TestWebSocket second = authenticatedByHeader("door-2", "token-door-2");
        first.awaitClose(WAIT);
        // The replacement is a reconnection (so commands waiting for the device go to the new socket), not a flap:
        // one device_connected, and no device_disconnected for the replaced socket.
        List<TestMqttClient.Received> replacing = new ArrayList<>();
        replacing.add(bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_connected")) && m.payload().contains("door-2"), WAIT));
        second.close();
        JsonNode gone = json(bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_disconnected")) && m.payload().contains("\"door-2\""), WAIT).payload());
        assertThat(gone.at("/data/data/reason").asText()).isEqualTo("client_disconnect");
        assertThat(bus.drain()).as("nothing more for door-2").filteredOn(m -> m.payload().contains("\"door-2\""))
                .noneMatch(m -> m.topic().contains("device_connected") || m.topic().contains("device_disconnected"));
        assertThat(replacing).hasSize(1);
    }

    private void dispatch(String commandId, String deviceId, Instant expiresAt) {
        io.doorlock.devicegateway.TestDevices.dispatch(bus, commandId, deviceId, CommandType.UNLOCK_DOOR, expiresAt);
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

    /**
     * Browsers and Node's {@code ws} (socket.io-client) offer {@code permessage-deflate}. Accepted, every connection
     * would hold a native zlib stream (~100 KiB that glibc never gives back) for frames too small to shrink. The
     * handshake's answer shows what was agreed: no extension.
     */
    @Test
    void aDeviceOfferingCompressionGetsAPlainWebSocket() throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setTryUsePerMessageCompression(true));
        try {
            CompletableFuture<String> authenticated = new CompletableFuture<>();
            CompletableFuture<String> extensions = new CompletableFuture<>();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setAbsoluteURI(
                    endpoint.toString().replaceFirst("^http", "ws") + "?deviceId=door-7").addHeader("Authorization", "Bearer token-door-7"))
                    .map(socket -> {
                        // The handshake's answer is readable only here, when the socket is first handed over.
                        extensions.complete(String.valueOf(socket.headers().get("Sec-WebSocket-Extensions")));
                        socket.textMessageHandler(text -> {
                            if (text.contains("\"authenticated\"")) {
                                authenticated.complete(text);
                            }
                        });
                        return socket;
                    }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(authenticated.get(10, TimeUnit.SECONDS)).contains("door-7");
            assertThat(extensions.get()).as("extensions the gateway agreed to").isEqualTo("null");
            ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** Devices that connect and go leave no connection, pending handshake or Socket.IO session counted behind them. */
    @Test
    void devicesThatComeAndGoLeaveNothingCounted() {
        await().atMost(TestDevices.WAIT).until(() -> TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"") == 0);
        for (int round = 0; round < 2; round++) {
            List<TestWebSocket> sockets = new ArrayList<>();
            for (int n = 8; n <= 13; n++) {
                sockets.add(TestDevices.webSocket(endpoint, "door-" + n));
            }
            assertThat(TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"")).isEqualTo(6);
            // A socket that never authenticates is counted as pending until it goes.
            TestWebSocket anonymous = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"));
            await().atMost(TestDevices.WAIT).until(() -> TestDevices.metric("doorlock_device_handshakes_pending") == 1);
            sockets.add(anonymous);
            sockets.forEach(TestWebSocket::close);
            await().atMost(TestDevices.WAIT).untilAsserted(() -> {
                assertThat(TestDevices.metric("doorlock_device_connections", "transport=\"websocket\"")).as("connections").isZero();
                assertThat(TestDevices.metric("doorlock_device_handshakes_pending")).as("pending handshakes").isZero();
                assertThat(TestDevices.metric("doorlock_socketio_sessions")).as("Socket.IO sessions").isZero();
            });
        }
    }
}
