package io.doorlock.devicegateway.presence;

import static io.doorlock.devicegateway.TestDevices.WAIT;
import static io.doorlock.devicegateway.TestDevices.awaitEvent;
import static io.doorlock.devicegateway.TestDevices.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device on the WebSocket and MQTT at once: one presence, commands over the socket first, acks by either path. */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DualConnectionTest {

    @TestHTTPResource("/ws/device")
    URI endpoint;

    @Inject
    ConnectionManager connections;

    @Inject
    PresenceStore presence;

    TestMqttClient bus;

    @BeforeEach
    void listen() {
        TestDevices.registerFleet();
        bus = TestDevices.bus();
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    @Test
    void commandsPreferTheSocketFallBackToMqttAndAcksReturnByEitherPath() {
        TestWebSocket socket = TestDevices.webSocket(endpoint, "door-5");
        awaitEvent(bus, "door-5", "device_connected");
        TestMqttClient mqtt = TestDevices.mqttDevice("door-5", "boot-1");
        JsonNode both = awaitEvent(bus, "door-5", "device_status");
        while (!both.at("/data/data/hasMqtt").asBoolean()) {
            both = awaitEvent(bus, "door-5", "device_status");
        }
        assertThat(both.at("/data/data/hasSocket").asBoolean()).isTrue();
        assertThat(connections.deviceStatus("door-5").hasMqtt()).contains(true);
        assertThat(connections.deviceStatus("door-5").hasSocket()).contains(true);
        // dashboard-gateway's admin health routes read the same presence through the internal route.
        io.restassured.RestAssured.given().get("/internal/presence/online").then().statusCode(403);
        io.restassured.path.json.JsonPath online = io.restassured.RestAssured.given().header("X-Doorlock-Internal-Token", "test-internal-token")
                .get("/internal/presence/online").then().statusCode(200).extract().jsonPath();
        assertThat(online.getBoolean("find { it.deviceId == 'door-5' }.hasWebSocket")).isTrue();
        assertThat(online.getBoolean("find { it.deviceId == 'door-5' }.hasMQTT")).isTrue();
        assertThat(online.getString("find { it.deviceId == 'door-5' }.connectedAt")).isNotBlank();

        // 1. Both links up: the socket gets it, MQTT does not.
        String first = TestDevices.dispatch(bus, "door-5", CommandType.UNLOCK_DOOR);
        JsonNode frame = json(socket.await(f -> f.contains(first), WAIT));
        assertThat(frame.at("/event").asText()).isEqualTo("unlock_door");
        assertThat(frame.at("/data/duration").asInt()).isEqualTo(5000);
        JsonNode receipt = json(bus.await(m -> m.topic().equals(Topics.COMMAND_DELIVERY) && m.payload().contains(first), WAIT).payload());
        assertThat(receipt.at("/data/transport").asText()).isEqualTo("websocket");
        socket.send(TestDevices.ack(first, "received"));
        assertThat(awaitEvent(bus, "door-5", "command_ack").at("/data/metadata/source").asText()).isEqualTo("websocket");
        mqtt.publish(Topics.deviceAcks("door-5"), TestDevices.ack(first, "executed"));
        JsonNode executed = awaitEvent(bus, "door-5", "command_ack");
        assertThat(executed.at("/data/data/status").asText()).isEqualTo("executed");
        assertThat(executed.at("/data/metadata/source").asText()).isEqualTo("mqtt");
        assertThat(executed.at("/correlationId").asText()).as("tied to the request").isEqualTo("corr-" + first);

        // 2. The socket drops: the device stays online on MQTT, and the next command goes there.
        socket.close();
        JsonNode mqttOnly = awaitEvent(bus, "door-5", "device_status");
        assertThat(mqttOnly.at("/data/data/status").asText()).isEqualTo("online");
        assertThat(mqttOnly.at("/data/data/hasSocket").asBoolean()).isFalse();
        String second = TestDevices.dispatch(bus, "door-5", CommandType.LOCK_DOOR);
        JsonNode overMqtt = json(mqtt.await(m -> m.topic().equals(Topics.deviceCommands("door-5")), WAIT).payload());
        assertThat(overMqtt.at("/event").asText()).isEqualTo("lock_door");
        assertThat(overMqtt.at("/data/commandId").asText()).isEqualTo(second);
        assertThat(json(bus.await(m -> m.topic().equals(Topics.COMMAND_DELIVERY) && m.payload().contains(second), WAIT).payload())
                .at("/data/transport").asText()).isEqualTo("mqtt");
        mqtt.publish(Topics.deviceEvents("door-5"), TestDevices.ack(second, "executed"));
        assertThat(awaitEvent(bus, "door-5", "command_ack").at("/data/data/commandId").asText()).isEqualTo(second);

        assertThat(bus.drain()).as("one link dropping is not a disconnection")
                .noneMatch(m -> m.topic().endsWith("/device_disconnected") && m.payload().contains("door-5"));

        // 3. MQTT goes too: now the device is offline, once.
        mqtt.publishRetained(Topics.deviceStatus("door-5"), "{\"status\":\"offline\",\"session\":\"boot-1\"}");
        assertThat(awaitEvent(bus, "door-5", "device_disconnected").at("/data/data/reason").asText()).isEqualTo("mqtt_offline");
        assertThat(connections.isOnline("door-5")).isFalse();
        double offlineBefore = TestDevices.metric("doorlock_commands_not_delivered_total", "reason=\"offline\"");
        String third = TestDevices.dispatch(bus, "door-5", CommandType.UNLOCK_DOOR);
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> TestDevices.metric("doorlock_commands_not_delivered_total", "reason=\"offline\"") > offlineBefore);
        assertThat(mqtt.drain()).as("an offline device is not sent commands").noneMatch(m -> m.payload().contains(third)
                && m.topic().equals(Topics.deviceCommands("door-5")));
        mqtt.close();
    }

    @Test
    void aSilentDeviceTimesOutOnEveryLink() {
        TestWebSocket socket = TestDevices.webSocket(endpoint, "door-6");
        awaitEvent(bus, "door-6", "device_connected");
        TestMqttClient mqtt = TestDevices.mqttDevice("door-7", "boot-1");
        awaitEvent(bus, "door-7", "device_connected");
        // Nothing more is sent (test timeout: 4 s). The MQTT client keeps its broker keep-alive going: that is not the device speaking.
        JsonNode socketGone = awaitEvent(bus, "door-6", "device_disconnected");
        assertThat(socketGone.at("/data/data/reason").asText()).isEqualTo("heartbeat_timeout");
        assertThat(socket.awaitClose(WAIT).code()).isEqualTo(4410);
        JsonNode mqttGone = awaitEvent(bus, "door-7", "device_disconnected");
        assertThat(mqttGone.at("/data/data/reason").asText()).isEqualTo("heartbeat_timeout");
        assertThat(mqtt.isConnected()).as("the broker session itself is the broker's business").isTrue();

        // Speaking again brings the MQTT device back without a new "online".
        mqtt.publish(Topics.deviceEvents("door-7"), TestDevices.heartbeat("door-7", 90));
        awaitEvent(bus, "door-7", "device_connected");
        mqtt.close();
    }

    @Test
    void heartbeatsKeepADeviceOnlineAndTheirReadingsAreKept() throws InterruptedException {
        TestWebSocket socket = TestDevices.webSocket(endpoint, "door-8");
        awaitEvent(bus, "door-8", "device_connected");
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            socket.send(TestDevices.heartbeat("door-8", 60));
            Thread.sleep(1000);
        }
        assertThat(connections.isOnline("door-8")).as("still online after 1.5 timeouts of regular heartbeats").isTrue();
        assertThat(bus.drain()).noneMatch(m -> m.topic().endsWith("/device_disconnected") && m.payload().contains("door-8"));
        assertThat(connections.deviceStatus("door-8").lastSeen()).isPresent();
        org.bson.Document stored = presence.document("door-8").orElseThrow();
        assertThat(stored.getInteger("batteryLevel")).isEqualTo(60);
        assertThat(stored.getInteger("rssi")).isEqualTo(-61);
        assertThat(stored.getString("firmwareVersion")).isEqualTo("1.4.2");
        socket.close();
    }

    @Test
    void lowBatteryIsReportedOncePerCrossing() {
        TestWebSocket socket = TestDevices.webSocket(endpoint, "door-1");
        awaitEvent(bus, "door-1", "device_connected");
        for (int level : new int[] {50, 19, 18, 17}) {
            socket.send(TestDevices.heartbeat("door-1", level));
            awaitEvent(bus, "door-1", "device_heartbeat");
        }
        JsonNode low = awaitEvent(bus, "door-1", "low_battery");
        assertThat(low.at("/data/data/batteryLevel").asInt()).isEqualTo(19);
        socket.send("{\"event\":\"low_battery\",\"data\":{\"deviceId\":\"door-1\",\"batteryLevel\":17}}");
        socket.send(TestDevices.heartbeat("door-1", 22));
        awaitEvent(bus, "door-1", "device_heartbeat");
        assertThat(bus.drain()).as("no repeat below the threshold, none in the hysteresis band, none from the device itself")
                .noneMatch(m -> m.topic().endsWith("/low_battery") && m.payload().contains("door-1"));
        socket.send(TestDevices.heartbeat("door-1", 80));
        awaitEvent(bus, "door-1", "device_heartbeat");
        socket.send(TestDevices.heartbeat("door-1", 12));
        assertThat(awaitEvent(bus, "door-1", "low_battery").at("/data/data/batteryLevel").asInt()).as("re-armed after recovering").isEqualTo(12);
        socket.close();
    }
}
