package io.doorlock.dashboardgateway.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.dashboard.AlertLevel;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Room membership follows sharing live: a share added or removed while connected counts for the very next event.
 * That a frame did not arrive is shown by a marker frame that must arrive after it, never by waiting a while.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class LiveSharingTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI endpoint;

    record User(String id, String name, String token) {}

    @Test
    void aShareAddedAndRemovedMidConnectionTakesEffectAtOnce() throws Exception {
        User owner = user("owner");
        User friend = user("friend");
        String deviceId = register(owner, "Back Door");
        // The marker: the friend's own door. Its statuses travel the same topic as the back door's, after them, so
        // a frame about the back door that the friend must not get would arrive before the marker.
        String friendsDoor = register(friend, "Friend's Door");
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness();
                TestWebSocket ownerSocket = dashboard(owner); TestWebSocket friendSocket = dashboard(friend)) {
            status(bus, deviceId, "m1");
            ownerSocket.await(f -> f.contains("device_status") && f.contains(deviceId), WAIT);
            status(bus, friendsDoor, "k1");
            assertThat(nextFrame(friendSocket)).as("not shared yet: the friend's next frame is about its own door")
                    .contains(friendsDoor).doesNotContain(deviceId);

            given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("username", friend.name(), "permissions", List.of("view"))).post("/api/device/" + deviceId + "/share")
                    .then().statusCode(200);
            long sharedAt = System.nanoTime();
            status(bus, deviceId, "m2");
            friendSocket.await(f -> f.contains("device_status") && f.contains(deviceId), WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - sharedAt)).as("within a second, no reconnect").isLessThan(Duration.ofSeconds(1));
            friendSocket.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"" + deviceId + "\"},\"id\":\"s1\"}");
            friendSocket.await(f -> f.contains("\"s1\"") && f.contains("device_status"), WAIT);

            given().auth().oauth2(owner.token()).delete("/api/device/" + deviceId + "/share/" + friend.id()).then().statusCode(200);
            status(bus, deviceId, "m3");
            ownerSocket.await(f -> f.contains("device_status") && f.contains(deviceId), WAIT);
            status(bus, friendsDoor, "k2");
            assertThat(nextFrame(friendSocket)).as("unshared: the friend's next frame is about its own door, nothing more about the back door")
                    .contains(friendsDoor).doesNotContain(deviceId);
            friendSocket.send("{\"event\":\"request_device_status\",\"data\":{\"deviceId\":\"" + deviceId + "\"},\"id\":\"s2\"}");
            assertThat(friendSocket.await(f -> f.contains("\"s2\""), WAIT)).contains("FORBIDDEN");
        }
    }

    @Inject
    UserRepository users;

    @Test
    void systemAlertsReachTheAdminRoomOnly() throws Exception {
        TestUsers.ensureWithRole(users, "admin", "ops-admin");
        User admin = new User("ops-admin", "ops-admin", DoorlockInfrastructure.keys().token("ops-admin", "ops-admin", "admin"));
        User someone = user("someone");
        String ownDoor = register(someone, "Porch");
        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness();
                TestWebSocket adminSocket = dashboard(admin); TestWebSocket userSocket = dashboard(someone)) {
            SystemAlert alert = new SystemAlert(AlertLevel.WARNING, "broker disk at 91%");
            BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.SYSTEM_ALERT, Instant.now(), "command-service", "a1", null,
                    Optional.empty(), CODEC.toTree(alert));
            bus.publish(Topics.SYSTEM_ALERTS, CODEC.encode(envelope));
            String frame = adminSocket.await(f -> f.contains("system_alert"), WAIT);
            assertThat(frame).contains("broker disk at 91%").contains("\"level\":\"warning\"");
            // The marker, sent once the admin room has the alert: a status of the user's own door.
            status(bus, ownDoor, "k1");
            assertThat(nextFrame(userSocket)).as("the user's next frame is about its own door, no alert before it")
                    .contains("device_status").contains(ownDoor);
        }
    }

    /** The next frame the socket receives, whatever it is. */
    private static String nextFrame(TestWebSocket socket) {
        return socket.await(f -> true, WAIT);
    }

    /** Registers a device owned by {@code owner}, as a person does; its id. */
    private static String register(User owner, String name) {
        return given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", name, "espId", "ESP32-" + UUID.randomUUID().toString().substring(0, 8), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201).extract().path("data.id");
    }

    private static void status(TestMqttClient bus, String deviceId, String marker) {
        var data = CODEC.mapper().createObjectNode().put("deviceId", deviceId).put("status", "online").put("timestamp", Instant.now().toString())
                .put("hasSocket", true).put("hasMqtt", false);
        DeviceEventReceived event = new DeviceEventReceived(deviceId, Optional.empty(), "device_status", data, Instant.now(),
                new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.of(marker), Transport.SYSTEM));
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.DEVICE_EVENT, Instant.now(), "device-gateway", marker, deviceId,
                Optional.empty(), CODEC.toTree(event));
        bus.publish(Topics.busDeviceEvent("device_status"), CODEC.encode(envelope));
    }

    private TestWebSocket dashboard(User user) {
        TestWebSocket socket = TestWebSocket.connect(endpoint.toString().replaceFirst("^http", "ws"), Map.of("Authorization", "Bearer " + user.token()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    private static User user(String prefix) {
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        String id = given().contentType(ContentType.JSON).body(Map.of("username", name, "email", name + "@example.com", "password", "correct horse battery"))
                .post("/api/auth/register").then().statusCode(201).extract().path("data.id");
        String token = given().contentType(ContentType.JSON).body(Map.of("username", name, "password", "correct horse battery"))
                .post("/api/auth/login").then().statusCode(200).extract().path("data.token");
        return new User(id, name, token);
    }
}
