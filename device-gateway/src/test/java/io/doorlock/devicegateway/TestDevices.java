package io.doorlock.devicegateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Devices and bus helpers shared by device-gateway's integration tests (devices door-1 to door-8, tokens "token-door-N"). */
public final class TestDevices {

    public static final JsonCodec CODEC = new JsonCodec();
    public static final Duration WAIT = Duration.ofSeconds(10);

    private TestDevices() {}

    /** A bus listener on every device event and delivery receipt. */
    public static TestMqttClient bus() {
        return DoorlockInfrastructure.broker().harness().subscribe(Topics.DEVICE_EVENTS_ALL, Topics.COMMAND_DELIVERY);
    }

    public static TestWebSocket webSocket(URI endpoint, String deviceId) {
        String url = endpoint.toString().replaceFirst("^http", "ws") + "?deviceId=" + deviceId;
        TestWebSocket socket = TestWebSocket.connect(url, Map.of("Authorization", "Bearer token-" + deviceId));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    /**
     * An MQTT device as firmware would connect it (with the broker account dashboard-gateway would give it): client id = username = device id, password = token, Last Will
     * {@code offline} with a session id, subscribed to its commands and errors, then {@code online}.
     */
    public static TestMqttClient mqttDevice(String deviceId, String session) {
        DoorlockInfrastructure.broker().provisionDevice(deviceId, "token-" + deviceId);
        TestMqttClient device = TestMqttClient.connect(DoorlockInfrastructure.broker().port(), deviceId, Optional.of(deviceId),
                Optional.of("token-" + deviceId), Optional.of(new TestMqttClient.Will(Topics.deviceStatus(deviceId),
                        "{\"status\":\"offline\",\"session\":\"" + session + "\"}")));
        device.subscribe(Topics.deviceCommands(deviceId), Topics.deviceErrors(deviceId));
        device.publishRetained(Topics.deviceStatus(deviceId), "{\"status\":\"online\",\"session\":\"" + session + "\"}");
        return device;
    }

    /** Waits for device event {@code event} of {@code deviceId} on the bus and returns its envelope. */
    public static JsonNode awaitEvent(TestMqttClient bus, String deviceId, String event) {
        return json(bus.await(m -> m.topic().equals(Topics.busDeviceEvent(event)) && deviceId.equals(json(m.payload()).at("/deviceId").asText()), WAIT).payload());
    }

    /** Publishes a dispatch as command-service would; returns the command id. */
    public static String dispatch(TestMqttClient bus, String deviceId, CommandType type) {
        String commandId = UUID.randomUUID().toString();
        dispatch(bus, commandId, deviceId, type, Instant.now().plusSeconds(30));
        return commandId;
    }

    /** Publishes a dispatch of {@code commandId} with the given deadline. */
    public static void dispatch(TestMqttClient bus, String commandId, String deviceId, CommandType type, Instant expiresAt) {
        CommandDispatch dispatch = new CommandDispatch(commandId, deviceId, type,
                CODEC.mapper().createObjectNode().put("duration", 5000), 1, expiresAt, Optional.empty());
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_DISPATCH, Instant.now(), "command-service",
                "corr-" + commandId, deviceId, Optional.empty(), CODEC.toTree(dispatch));
        bus.publish(Topics.COMMAND_DISPATCH, CODEC.encode(envelope));
    }

    public static String heartbeat(String deviceId, int battery) {
        return "{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"batteryLevel\":" + battery + ",\"rssi\":-61,\"firmwareVersion\":\"1.4.2\"}}";
    }

    public static String ack(String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\"}}";
    }

    public static double metric(String name, String... labels) {
        return io.doorlock.testing.PrometheusText.sum(io.restassured.RestAssured.get("/q/metrics").asString(), name, labels);
    }

    public static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
