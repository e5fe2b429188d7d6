package io.doorlock.devicegateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.DeviceTokenHash;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Devices and bus helpers shared by device-gateway's integration tests. The devices are door-1 to door-13 (tokens
 * "token-door-N", owners "user-N"; door-1 is named "Front Door"), registered by {@link #registerFleet()}: door-3 to
 * door-8 one per presence test, so that tests never share a device's presence; door-9 and door-10 for
 * DeviceMetricsTest; door-11 to door-13 for DeviceSocketIoTest.
 */
public final class TestDevices {

    public static final JsonCodec CODEC = new JsonCodec();
    /** How long a fact may take to show: generous, since CI runs every module on 2 shared cores; a fact that shows ends the wait. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    static final int FLEET = 13;

    /** Registry versions, as dashboard-gateway's sequence hands them out: they only grow, here across test classes too. */
    private static final AtomicLong VERSIONS = new AtomicLong();

    private TestDevices() {}

    /**
     * Registers door-1 to door-13 as the platform does: dashboard-gateway's registry publishes each device's
     * {@link DeviceCredentialRecord}, signed and retained, on {@code registry/devices/{id}} (the harness signs it as
     * dashboard-gateway). Returns once device-gateway accepts every one of their tokens. Registering again changes
     * nothing (same token, newer version).
     */
    public static void registerFleet() {
        try (TestMqttClient registry = DoorlockInfrastructure.broker().harness()) {
            for (int n = 1; n <= FLEET; n++) {
                publishRecord(registry, "door-" + n, "token-door-" + n, "user-" + n, n == 1 ? "Front Door" : "door-" + n);
            }
        }
        for (int n = 1; n <= FLEET; n++) {
            awaitAccepted("door-" + n, "token-door-" + n);
        }
    }

    /** Registers one device (see {@link #registerFleet()}); returns once device-gateway accepts its token. */
    public static void register(String deviceId, String token, String ownerId) {
        try (TestMqttClient registry = DoorlockInfrastructure.broker().harness()) {
            publishRecord(registry, deviceId, token, ownerId, deviceId);
        }
        awaitAccepted(deviceId, token);
    }

    private static void publishRecord(TestMqttClient registry, String deviceId, String token, String ownerId, String name) {
        long version = VERSIONS.updateAndGet(v -> Math.max(v + 1, System.currentTimeMillis()));
        registry.publishRetained(Topics.registryDevice(deviceId), CODEC.encode(new DeviceCredentialRecord(deviceId, ownerId, name,
                "door-lock", DeviceTokenHash.of(token), Instant.now(), version, false)));
    }

    /**
     * Waits until device-gateway accepts {@code token} for {@code deviceId}: its HTTP heartbeat route then answers a
     * deliberately invalid body with 400 (token accepted, body refused, nothing recorded) instead of 401.
     */
    private static void awaitAccepted(String deviceId, String token) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().header("Authorization", "Bearer " + token).contentType("application/json")
                .body("{\"batteryLevel\":\"registered?\"}").post("/api/device/" + deviceId + "/heartbeat").statusCode())
                .as("%s registered", deviceId).isEqualTo(400));
    }

    /**
     * Returns once everything the presence flushes could publish about the sightings taken so far is on {@code bus}
     * (a listener on the device events): the marker event for "nothing more will come". A device heard over MQTT
     * without having said {@code online} (a missed one) is registered by the flush that takes its sighting, which
     * publishes its {@code device_connected}. Two such marker devices, the second heard only once the first one's
     * {@code device_connected} is here: each flush takes every sighting taken before it, and the second marker's flush
     * starts after the first one's ended, so whatever an earlier flush published is on the bus before the second marker.
     */
    public static void awaitPresenceFlushed(TestMqttClient bus) {
        heardWithoutOnline(bus);
        heardWithoutOnline(bus);
    }

    private static void heardWithoutOnline(TestMqttClient bus) {
        String deviceId = "marker-" + UUID.randomUUID().toString().substring(0, 8);
        String token = "token-" + deviceId;
        register(deviceId, token, "user-marker");
        DoorlockInfrastructure.broker().provisionDevice(deviceId, token);
        try (TestMqttClient marker = TestMqttClient.connect(DoorlockInfrastructure.broker().port(), deviceId, Optional.of(deviceId),
                Optional.of(token))) {
            marker.publish(Topics.deviceEvents(deviceId), heartbeat(deviceId, 50));
            awaitEvent(bus, deviceId, "device_connected");
        }
    }

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
