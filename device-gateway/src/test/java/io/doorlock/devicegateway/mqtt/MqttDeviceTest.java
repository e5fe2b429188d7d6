package io.doorlock.devicegateway.mqtt;

import static io.doorlock.devicegateway.TestDevices.WAIT;
import static io.doorlock.devicegateway.TestDevices.awaitEvent;
import static io.doorlock.devicegateway.TestDevices.json;
import static io.doorlock.devicegateway.TestDevices.metric;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Devices straight on the broker: link status, Last Will, validation answered on the error topic. */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class MqttDeviceTest {

    /** What the bus may carry for a device besides its valid events (a slow run may even time it out meanwhile). */
    static final java.util.List<String> PRESENCE_EVENTS = java.util.List.of("/device_status", "/device_connected", "/device_disconnected");

    TestMqttClient bus;

    @jakarta.inject.Inject
    io.doorlock.devicegateway.presence.ConnectionManager connections;

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
    void anMqttDeviceComesOnlineSendsEventsAndGoesOfflineWhenItsSocketDies() {
        TestMqttClient device = TestDevices.mqttDevice("door-3", "boot-1");
        JsonNode connected = awaitEvent(bus, "door-3", "device_connected");
        assertThat(connected.at("/data/metadata/source").asText()).isEqualTo("mqtt");
        JsonNode status = awaitEvent(bus, "door-3", "device_status");
        assertThat(status.at("/data/data/status").asText()).isEqualTo("online");
        assertThat(status.at("/data/data/hasMqtt").asBoolean()).isTrue();
        assertThat(status.at("/data/data/hasSocket").asBoolean()).isFalse();

        device.publish(Topics.deviceEvents("door-3"), TestDevices.heartbeat("door-3", 80));
        JsonNode heartbeat = awaitEvent(bus, "door-3", "device_heartbeat");
        assertThat(heartbeat.at("/data/data/batteryLevel").asInt()).isEqualTo(80);
        assertThat(heartbeat.at("/data/metadata/source").asText()).isEqualTo("mqtt");
        assertThat(heartbeat.at("/userId").asText()).isEqualTo("user-3");

        // A last event right before the socket dies: its sighting is flushed after the Will and must not revive the link.
        device.publish(Topics.deviceEvents("door-3"), TestDevices.heartbeat("door-3", 79));
        device.kill();
        JsonNode gone = awaitEvent(bus, "door-3", "device_disconnected");
        assertThat(gone.at("/data/data/reason").asText()).isEqualTo("mqtt_offline");
        assertThat(awaitEvent(bus, "door-3", "device_status").at("/data/data/status").asText()).isEqualTo("offline");
        assertThat(awaitEvent(bus, "door-3", "device_heartbeat").at("/data/data/batteryLevel").asInt()).as("the last event was taken").isEqualTo(79);

        // The same race made certain: a message handled right after the Will (here, sent after it, without "online").
        TestMqttClient late = TestMqttClient.connect(DoorlockInfrastructure.broker().port(), "door-3", Optional.of("door-3"),
                Optional.of("token-door-3"), Optional.empty());
        late.publish(Topics.deviceEvents("door-3"), TestDevices.heartbeat("door-3", 78));
        assertThat(awaitEvent(bus, "door-3", "device_heartbeat").at("/data/data/batteryLevel").asInt()).isEqualTo(78);
        // Both sightings are taken; whatever their flushes bring about is on the bus before the marker.
        TestDevices.awaitPresenceFlushed(bus);
        assertThat(connections.isOnline("door-3")).isFalse();
        assertThat(bus.drain()).as("no revival after the Will: neither the last event before it nor a message within the grace after it")
                .noneMatch(m -> m.topic().endsWith("/device_connected") && m.payload().contains("door-3"));

        // After the grace (5 s), a device heard without its "online" (a missed one) is registered again.
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(300)).until(() -> {
            late.publish(Topics.deviceEvents("door-3"), TestDevices.heartbeat("door-3", 77));
            return connections.isOnline("door-3");
        });
        assertThat(awaitEvent(bus, "door-3", "device_connected").at("/data/metadata/source").asText()).isEqualTo("mqtt");
        assertThat(connections.isOnline("door-3")).isTrue();
        late.close();
    }

    @Test
    void everyInvalidMessageIsAnsweredOnTheErrorTopicAndNeverForwarded() {
        TestMqttClient device = TestDevices.mqttDevice("door-4", "boot-1");
        awaitEvent(bus, "door-4", "device_connected");
        String events = Topics.deviceEvents("door-4");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{not json", "MALFORMED_JSON");
        cases.put("[1,2]", "INVALID_ENVELOPE");
        cases.put("{\"event\":\"open_all_doors\",\"data\":{},\"id\":\"m3\"}", "UNKNOWN_EVENT");
        cases.put("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-4\",\"batteryLevel\":\"full\"},\"id\":\"m4\"}", "INVALID_TYPE");
        cases.put("{\"event\":\"low_battery\",\"data\":{\"deviceId\":\"door-4\"},\"id\":\"m5\"}", "MISSING_FIELD");
        cases.put("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-4\",\"batteryLevel\":150},\"id\":\"m6\"}", "OUT_OF_RANGE");
        cases.put("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-1\"},\"id\":\"m7\"}", "DEVICE_MISMATCH");
        cases.put("{\"event\":\"error_occurred\",\"data\":{\"deviceId\":\"door-4\",\"errorCode\":\"E\",\"errorMessage\":\"" + "x".repeat(70_000) + "\"}}", "PAYLOAD_TOO_LARGE");
        cases.put("{\"event\":\"authenticate\",\"data\":{\"deviceId\":\"door-4\",\"token\":\"token-door-4\"},\"id\":\"m9\"}", "INVALID_VALUE");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            device.publish(events, c.getKey());
            JsonNode error = json(device.await(m -> m.topic().equals(Topics.deviceErrors("door-4")), WAIT).payload());
            assertThat(error.at("/event").asText()).isEqualTo("error");
            assertThat(error.at("/data/code").asText()).as("answer to %s", c.getKey().substring(0, Math.min(60, c.getKey().length())))
                    .isEqualTo(c.getValue());
        }
        device.publish(Topics.deviceAcks("door-4"), TestDevices.heartbeat("door-4", 50));
        assertThat(json(device.await(m -> m.topic().equals(Topics.deviceErrors("door-4")), WAIT).payload()).at("/data/code").asText())
                .as("only acks on the ack topic").isEqualTo("UNKNOWN_EVENT");
        device.publish(Topics.deviceStatus("door-4"), "maybe");
        assertThat(json(device.await(m -> m.topic().equals(Topics.deviceErrors("door-4")), WAIT).payload()).at("/data/code").asText())
                .isEqualTo("MALFORMED_JSON");
        device.publish(Topics.deviceEvents("door-4"), "{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-4\",\"batteryLevel\":77},\"id\":\"ok\"}");
        awaitEvent(bus, "door-4", "device_heartbeat");

        assertThat(bus.drain()).as("nothing invalid reached the bus, and the bad status did not take the device down")
                .filteredOn(m -> m.payload().contains("door-4"))
                .allMatch(m -> PRESENCE_EVENTS.stream().anyMatch(m.topic()::endsWith));
        assertThat(metric("doorlock_validation_errors_total", "endpoint=\"device-mqtt\"", "code=\"OUT_OF_RANGE\"")).isGreaterThanOrEqualTo(1);
        assertThat(metric("doorlock_validation_errors_total", "endpoint=\"device-mqtt\"", "code=\"DEVICE_MISMATCH\"")).isGreaterThanOrEqualTo(1);
        device.close();
    }

    @Test
    void theRequestIdIsEchoedOnTheErrorTopic() {
        TestMqttClient device = TestDevices.mqttDevice("door-4", "boot-2");
        device.publish(Topics.deviceEvents("door-4"), "{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-4\",\"rssi\":5},\"id\":\"hb-17\"}");
        JsonNode error = json(device.await(m -> m.topic().equals(Topics.deviceErrors("door-4")), WAIT).payload());
        assertThat(error.at("/id").asText()).isEqualTo("hb-17");
        assertThat(error.at("/data/details/0/field").asText()).isEqualTo("rssi");
        device.close();
    }

    @Test
    void anMqttFloodIsAnsweredWithRateLimitedAndDropped() {
        TestMqttClient device = TestDevices.mqttDevice("door-6", "boot-9");
        awaitEvent(bus, "door-6", "device_connected");
        double before = metric("doorlock_rate_limited_frames_total", "endpoint=\"device-mqtt\"");
        for (int i = 0; i < 60; i++) {
            device.publish(Topics.deviceEvents("door-6"), TestDevices.heartbeat("door-6", 90));
        }
        JsonNode error = json(device.await(m -> m.topic().equals(Topics.deviceErrors("door-6")), WAIT).payload());
        assertThat(error.at("/data/code").asText()).isEqualTo("RATE_LIMITED");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> metric("doorlock_rate_limited_frames_total", "endpoint=\"device-mqtt\"") >= before + 30);
        device.close();
    }
}
