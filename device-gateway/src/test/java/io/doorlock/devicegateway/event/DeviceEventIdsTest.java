package io.doorlock.devicegateway.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device that sends an event again with the same request {@code id} (after {@code UNAVAILABLE}, or after a lost
 * connection, on either link) produces the same bus message id, which the audit trail stores once. Events without an
 * id get a fresh message id each time.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DeviceEventIdsTest {

    @TestHTTPResource("/ws/device")
    URI endpoint;

    static String door(String id) {
        return "{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"door-9\",\"status\":\"locked\"}" + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}";
    }

    @BeforeEach
    void registerDevices() {
        TestDevices.registerFleet();
    }

    @Test
    void aRepeatedRequestIdKeepsItsBusMessageIdOnEitherLink() {
        try (TestMqttClient bus = TestDevices.bus(); TestWebSocket socket = TestDevices.webSocket(endpoint, "door-9");
                TestMqttClient mqtt = TestDevices.mqttDevice("door-9", "boot-1")) {
            socket.send(door("evt-1"));
            String first = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();
            socket.send(door("evt-1"));
            String again = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();
            mqtt.publish(Topics.deviceEvents("door-9"), door("evt-1"));
            String overMqtt = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();
            socket.send(door("evt-2"));
            String other = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();
            socket.send(door(null));
            String anonymous1 = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();
            socket.send(door(null));
            String anonymous2 = TestDevices.awaitEvent(bus, "door-9", "door_status_changed").at("/id").asText();

            assertThat(again).isEqualTo(first);
            assertThat(overMqtt).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
            assertThat(anonymous1).isNotEqualTo(anonymous2).isNotEqualTo(first);
            assertThat(DeviceEventPublisher.messageId("door-8", "door_status_changed", "evt-1")).as("another device's evt-1").isNotEqualTo(first);
        }
    }
}
