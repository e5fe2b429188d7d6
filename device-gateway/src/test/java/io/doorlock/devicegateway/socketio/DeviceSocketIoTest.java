package io.doorlock.devicegateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.SocketIoClient;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ESP32 firmware written for the seed's Socket.IO server connects unchanged: the official socket.io-client 4.8 (Node.js,
 * default transports: polling, then the upgrade to WebSocket) against device-gateway's {@code /socket.io/}, real
 * Mosquitto and the wire server.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DeviceSocketIoTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(15);

    @TestHTTPResource("/")
    URI root;

    TestMqttClient bus;

    @BeforeEach
    void connectBus() {
        TestDevices.registerFleet();
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.DEVICE_EVENTS_ALL, Topics.COMMAND_DELIVERY);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    String url() {
        return root.toString().replaceFirst("/$", "");
    }

    SocketIoClient device(String deviceId, String token, String extraOptions) {
        return SocketIoClient.connect(url(), "{\"auth\":{\"token\":\"" + token + "\",\"clientType\":\"device\",\"deviceId\":\"" + deviceId + "\"},"
                + "\"reconnection\":false" + extraOptions + "}");
    }

    @Test
    void aDeviceConnectsWithTheClientsDefaultTransportsAndUpgradesToWebSocket() {
        try (SocketIoClient device = device("door-11", "token-door-11", "")) {
            // it opened on polling (the client's default) and upgraded: the client reports the upgrade only then
            device.awaitType("connect", WAIT);
            assertThat(device.awaitType("upgrade", WAIT).path("transport").asText()).isEqualTo("websocket");
            // the platform saw the device come online, over the same connection manager as /ws/device
            bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_connected")) && new String(m.payload()).contains("door-11"), WAIT);

            // an event with an ack callback: published on the bus, and the callback fires
            int seq = device.emitWithAck("door_status_changed", "{\"deviceId\":\"door-11\",\"status\":\"unlocked\",\"triggeredBy\":\"keypad\"}");
            assertThat(device.awaitAck(seq, WAIT).at("/args/0/success").asBoolean()).isTrue();
            bus.await(m -> m.topic().equals(Topics.busDeviceEvent("door_status_changed")) && new String(m.payload()).contains("door-11"), WAIT);

            // a command reaches it as the seed's event, and its ack counts as delivered
            String commandId = TestDevices.dispatch(bus, "door-11", CommandType.UNLOCK_DOOR);
            JsonNode unlock = device.awaitEvent("unlock_door", WAIT);
            assertThat(unlock.at("/data/commandId").asText()).isEqualTo(commandId);
            assertThat(unlock.at("/data/duration").asInt()).isEqualTo(5000);
            device.emit("command_ack", "{\"commandId\":\"" + commandId + "\",\"deviceId\":\"door-11\",\"status\":\"executed\"}");
            bus.await(m -> m.topic().equals(Topics.busDeviceEvent("command_ack")) && new String(m.payload()).contains(commandId), WAIT);
        }
    }

    @Test
    void aBadTokenGetsConnectErrorAndAnotherClientTypeIsToldWhereToGo() {
        try (SocketIoClient device = device("door-12", "not-the-token", "")) {
            assertThat(device.awaitType("connect_error", WAIT).path("message").asText()).contains("unknown device or wrong token");
        }
        try (SocketIoClient dashboard = SocketIoClient.connect(url(), "{\"auth\":{\"token\":\"x\",\"clientType\":\"dashboard\"},\"reconnection\":false}")) {
            assertThat(dashboard.awaitType("connect_error", WAIT).path("message").asText()).contains("dashboard-gateway");
        }
        try (SocketIoClient nothing = SocketIoClient.connect(url(), "{\"reconnection\":false,\"transports\":[\"websocket\"]}")) {
            assertThat(nothing.awaitType("connect_error", WAIT).path("message").asText()).contains("authentication required");
        }
    }

    @Test
    void otherNamespacesGetTheProtocolsNamespaceError() {
        try (SocketIoClient device = SocketIoClient.connect(url() + "/admin",
                "{\"auth\":{\"token\":\"token-door-12\",\"clientType\":\"device\",\"deviceId\":\"door-12\"},\"reconnection\":false}")) {
            assertThat(device.awaitType("connect_error", WAIT).path("message").asText()).isEqualTo("Invalid namespace");
        }
    }

    @Test
    void badEventsGetTheValidatorsErrorAndTheConnectionStays() {
        try (SocketIoClient device = device("door-12", "token-door-12", ",\"transports\":[\"websocket\"]")) {
            assertThat(device.awaitType("connect", WAIT).path("transport").asText()).isEqualTo("websocket");
            device.emit("teleport", "{}");
            assertThat(device.awaitEvent("error", WAIT).at("/data/code").asText()).isEqualTo("UNKNOWN_EVENT");
            int seq = device.emitWithAck("door_status_changed", "{\"deviceId\":\"door-12\",\"status\":\"ajar\"}");
            JsonNode ack = device.awaitAck(seq, WAIT);
            assertThat(ack.at("/args/0/success").asBoolean()).isFalse();
            assertThat(ack.at("/args/0/error/code").asText()).isEqualTo("INVALID_VALUE");
            device.askTransport();
            assertThat(device.awaitType("transport", WAIT).path("connected").asBoolean()).isTrue();
        }
    }

    @Test
    void theServersPingsKeepAnIdleClientAliveForManyIntervals() {
        // ping-interval is 1 s in tests: three pings are three intervals idle (and under the devices' 4 s heartbeat timeout)
        try (SocketIoClient device = device("door-13", "token-door-13", "")) {
            device.awaitType("connect", WAIT);
            await().atMost(WAIT).until(() -> device.reports().stream().filter(r -> "ping".equals(r.path("type").asText())).count() >= 3);
            assertThat(device.reports()).noneMatch(r -> "disconnect".equals(r.path("type").asText()));
            device.askTransport();
            assertThat(device.awaitType("transport", WAIT).path("connected").asBoolean()).isTrue();
        }
    }
}
