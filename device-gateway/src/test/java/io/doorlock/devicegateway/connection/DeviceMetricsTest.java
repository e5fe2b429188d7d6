package io.doorlock.devicegateway.connection;

import static io.doorlock.devicegateway.TestDevices.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doorlock.common.command.CommandType;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each of device-gateway's named metrics moves when its event happens: connections by transport, devices online by
 * link, handshakes accepted and rejected, messages in and out by event type, validation errors by code.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DeviceMetricsTest {

    @TestHTTPResource("/ws/device")
    URI endpoint;

    static String metrics() {
        return RestAssured.get("/q/metrics").asString();
    }

    static double moved(String before, String name, String... labels) {
        return PrometheusText.sum(metrics(), name, labels) - PrometheusText.sum(before, name, labels);
    }

    @BeforeEach
    void registerDevices() {
        TestDevices.registerFleet();
    }

    @Test
    void eachNamedMetricMovesWhenItsEventHappens() {
        String before = metrics();
        try (TestMqttClient bus = TestDevices.bus()) {
            TestWebSocket forged = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws") + "?deviceId=door-9",
                    Map.of("Authorization", "Bearer token-of-someone-else"));
            forged.awaitClose(WAIT);
            await().atMost(WAIT).until(() -> moved(before, "doorlock_device_handshakes_total", "result=\"rejected\"", "reason=\"credentials\"") == 1);

            TestWebSocket socket = TestDevices.webSocket(endpoint, "door-9");
            TestDevices.awaitEvent(bus, "door-9", "device_connected");
            assertThat(moved(before, "doorlock_device_handshakes_total", "result=\"accepted\"")).isEqualTo(1);
            assertThat(moved(before, "doorlock_device_connections", "transport=\"websocket\"")).isEqualTo(1);
            await().atMost(WAIT).until(() -> PrometheusText.sum(metrics(), "doorlock_devices_online", "link=\"websocket\"") == 1);

            socket.send(TestDevices.heartbeat("door-9", 90));
            TestDevices.awaitEvent(bus, "door-9", "device_heartbeat");
            assertThat(moved(before, "doorlock_device_messages_in_total", "event=\"device_heartbeat\"", "transport=\"websocket\"")).isEqualTo(1);

            socket.send("{\"event\":\"door_opened\",");
            socket.await(f -> f.contains("MALFORMED_JSON"), WAIT);
            assertThat(moved(before, "doorlock_validation_errors_total", "code=\"MALFORMED_JSON\"", "endpoint=\"device-ws\"")).isEqualTo(1);
            socket.send("{\"event\":\"teleport\",\"data\":{}}");
            socket.await(f -> f.contains("UNKNOWN_EVENT"), WAIT);
            assertThat(moved(before, "doorlock_validation_errors_total", "code=\"UNKNOWN_EVENT\"", "endpoint=\"device-ws\"")).isEqualTo(1);

            String commandId = TestDevices.dispatch(bus, "door-9", CommandType.UNLOCK_DOOR);
            socket.await(f -> f.contains(commandId), WAIT);
            await().atMost(WAIT).until(() -> moved(before, "doorlock_device_messages_out_total", "event=\"unlock_door\"", "transport=\"websocket\"") == 1);

            try (TestMqttClient mqtt = TestDevices.mqttDevice("door-10", "boot-1")) {
                TestDevices.awaitEvent(bus, "door-10", "device_connected");
                await().atMost(WAIT).until(() -> PrometheusText.sum(metrics(), "doorlock_devices_online", "link=\"mqtt\"") == 1);
                assertThat(moved(before, "doorlock_device_connections", "transport=\"websocket\"")).as("MQTT holds no socket here").isEqualTo(1);
            }

            socket.close();
            await().atMost(WAIT).until(() -> moved(before, "doorlock_device_connections", "transport=\"websocket\"") == 0);
            await().atMost(WAIT).until(() -> PrometheusText.sum(metrics(), "doorlock_devices_online", "link=\"websocket\"") == 0);
        }
    }
}
