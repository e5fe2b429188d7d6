package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.SocketIoClient;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands that change the device itself ({@code update_settings}, {@code restart_device},
 * {@code firmware_update}) need {@code admin} on every way in (REST, {@code /ws/dashboard}, Socket.IO): a guest with
 * {@code control} is refused and nothing is recorded or published; the owner and a guest the owner gave {@code admin}
 * may. Firmware must come from an allowed host and carry its SHA-256.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class AdminCommandsTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String SHA256 = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";
    static final String FIRMWARE = "{\"version\":\"1.5.0\",\"url\":\"https://fw.example.com/door-lock/1.5.0.bin\",\"sha256\":\"" + SHA256 + "\"}";
    /** The three commands with a valid payload each. */
    static final Map<String, String> DEVICE_CHANGING = Map.of(
            "update_settings", "{\"settings\":{\"motionSensitivity\":70}}",
            "restart_device", "{}",
            "firmware_update", FIRMWARE);

    @TestHTTPResource("/")
    URI root;

    TestMqttClient bus;
    TestUsers.SignedUp owner;
    TestUsers.SignedUp controlGuest;
    TestUsers.SignedUp adminGuest;
    String deviceId;

    @BeforeEach
    void setUp() {
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED);
        owner = TestUsers.signUp("owner");
        controlGuest = TestUsers.signUp("ctrl");
        adminGuest = TestUsers.signUp("adm");
        deviceId = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Front Door", "espId", "ESP32-" + UUID.randomUUID().toString().substring(0, 8), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201).extract().path("data.id");
        share(controlGuest, "control");
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    void share(TestUsers.SignedUp guest, String permission) {
        given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("username", guest.name(), "permissions", List.of(permission)))
                .post("/api/device/" + deviceId + "/share").then().statusCode(200);
    }

    @Test
    void aControlGuestIsRefusedEachOfThemOnEveryWayInAndNothingIsSent() {
        List<String> refused = new ArrayList<>();
        try (TestWebSocket ws = dashboard(controlGuest); SocketIoClient io = socketIo(controlGuest)) {
            io.awaitType("connect", WAIT);
            for (var command : DEVICE_CHANGING.entrySet()) {
                String viaRest = UUID.randomUUID().toString();
                rest(controlGuest, command.getKey(), command.getValue(), viaRest).statusCode(403)
                        .body("message", containsString("no admin permission for device " + deviceId));
                String viaWebSocket = UUID.randomUUID().toString();
                ws.send(sendCommand(command.getKey(), command.getValue(), viaWebSocket, "ws-" + command.getKey()));
                JsonNode wsError = json(ws.await(f -> f.contains("\"ws-" + command.getKey() + "\""), WAIT));
                assertThat(wsError.at("/event").asText()).isEqualTo("error");
                assertThat(wsError.at("/data/code").asText()).isEqualTo("FORBIDDEN");
                assertThat(wsError.at("/data/message").asText()).contains("no admin permission");
                String viaSocketIo = UUID.randomUUID().toString();
                int seq = io.emitWithAck("send_command", data(command.getKey(), command.getValue(), viaSocketIo));
                JsonNode ack = io.awaitAck(seq, WAIT);
                assertThat(ack.at("/args/0/success").asBoolean()).isFalse();
                assertThat(ack.at("/args/0/error/code").asText()).isEqualTo("FORBIDDEN");
                refused.addAll(List.of(viaRest, viaWebSocket, viaSocketIo));
            }
        }
        // The same guest may still use the door: its lock is published after every refusal above would have been.
        String lock = UUID.randomUUID().toString();
        rest(controlGuest, "lock_door", "{}", lock).statusCode(202);
        bus.await(m -> m.payload().contains(lock), WAIT);
        assertThat(bus.drain()).noneMatch(m -> refused.stream().anyMatch(id -> m.payload().contains(id)));
        given().auth().oauth2(owner.token()).get("/api/device/" + deviceId + "/commands").then().statusCode(200)
                .body("data.total", equalTo(1)).body("data.items[0].command", equalTo("lock_door"));
    }

    @Test
    void theOwnerAndAnAdminGuestMaySendEachOfThem() {
        share(adminGuest, "admin");
        for (var command : DEVICE_CHANGING.entrySet()) {
            String commandId = UUID.randomUUID().toString();
            rest(owner, command.getKey(), command.getValue(), commandId).statusCode(202).body("data.command", equalTo(command.getKey()));
            assertRequested(commandId, owner, command.getKey());
        }
        String viaRest = UUID.randomUUID().toString();
        rest(adminGuest, "restart_device", "{}", viaRest).statusCode(202);
        assertRequested(viaRest, adminGuest, "restart_device");
        try (TestWebSocket ws = dashboard(adminGuest); SocketIoClient io = socketIo(adminGuest)) {
            String viaWebSocket = UUID.randomUUID().toString();
            ws.send(sendCommand("firmware_update", FIRMWARE, viaWebSocket, "fw"));
            JsonNode queued = json(ws.await(f -> f.contains("\"fw\""), WAIT));
            assertThat(queued.at("/event").asText()).isEqualTo("command_status");
            assertThat(queued.at("/data/status").asText()).isEqualTo("queued");
            JsonNode request = assertRequested(viaWebSocket, adminGuest, "firmware_update");
            assertThat(request.at("/data/payload/sha256").asText()).isEqualTo(SHA256);

            io.awaitType("connect", WAIT);
            String viaSocketIo = UUID.randomUUID().toString();
            int seq = io.emitWithAck("send_command", data("update_settings", DEVICE_CHANGING.get("update_settings"), viaSocketIo));
            assertThat(io.awaitAck(seq, WAIT).at("/args/0/success").asBoolean()).isTrue();
            assertRequested(viaSocketIo, adminGuest, "update_settings");
        }
    }

    @Test
    void firmwareFromAHostNotAllowedOrWithoutItsSha256IsRefusedWithAClearError() {
        List<String> refused = new ArrayList<>();
        String elsewhere = UUID.randomUUID().toString();
        rest(owner, "firmware_update", FIRMWARE.replace("fw.example.com", "fw.example.org"), elsewhere).statusCode(400)
                .body("message", containsString("host fw.example.org is not an allowed firmware host"))
                .body("errors[0].field", equalTo("payload.url"));
        String credentials = UUID.randomUUID().toString();
        rest(owner, "firmware_update", FIRMWARE.replace("fw.example.com", "fw.example.com@fw.example.org"), credentials).statusCode(400)
                .body("errors[0].field", equalTo("payload.url"));
        String noHash = UUID.randomUUID().toString();
        rest(owner, "firmware_update", "{\"version\":\"1.5.0\",\"url\":\"https://fw.example.com/door-lock/1.5.0.bin\"}", noHash).statusCode(400)
                .body("errors[0].field", equalTo("payload.sha256"));
        refused.addAll(List.of(elsewhere, credentials, noHash));
        try (TestWebSocket ws = dashboard(owner)) {
            String viaWebSocket = UUID.randomUUID().toString();
            // The apex of an allowed "*.cdn.example.net" is not allowed.
            ws.send(sendCommand("firmware_update", FIRMWARE.replace("fw.example.com", "cdn.example.net"), viaWebSocket, "apex"));
            JsonNode error = json(ws.await(f -> f.contains("\"apex\""), WAIT));
            assertThat(error.at("/data/code").asText()).isEqualTo("INVALID_VALUE");
            assertThat(error.at("/data/message").asText()).contains("host cdn.example.net is not an allowed firmware host");
            assertThat(error.at("/data/details/0/field").asText()).isEqualTo("payload.url");
            refused.add(viaWebSocket);
        }
        String allowed = UUID.randomUUID().toString();
        rest(owner, "firmware_update", FIRMWARE.replace("fw.example.com", "eu.cdn.example.net"), allowed).statusCode(202);
        bus.await(m -> m.payload().contains(allowed), WAIT);
        assertThat(bus.drain()).noneMatch(m -> refused.stream().anyMatch(id -> m.payload().contains(id)));
    }

    ValidatableResponse rest(TestUsers.SignedUp user, String command, String payload, String commandId) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON)
                .body("{\"command\":\"" + command + "\",\"payload\":" + payload + ",\"commandId\":\"" + commandId + "\"}")
                .post("/api/device/" + deviceId + "/command").then();
    }

    String data(String command, String payload, String commandId) {
        return "{\"deviceId\":\"" + deviceId + "\",\"command\":\"" + command + "\",\"payload\":" + payload + ",\"commandId\":\"" + commandId + "\"}";
    }

    String sendCommand(String command, String payload, String commandId, String frameId) {
        return "{\"event\":\"send_command\",\"data\":" + data(command, payload, commandId) + ",\"id\":\"" + frameId + "\"}";
    }

    JsonNode assertRequested(String commandId, TestUsers.SignedUp by, String command) {
        JsonNode request = json(bus.await(m -> m.payload().contains(commandId), WAIT).payload());
        assertThat(request.at("/data/requestedBy").asText()).isEqualTo(by.id());
        assertThat(request.at("/data/command").asText()).isEqualTo(command);
        assertThat(request.at("/data/deviceId").asText()).isEqualTo(deviceId);
        return request;
    }

    TestWebSocket dashboard(TestUsers.SignedUp user) {
        TestWebSocket socket = TestWebSocket.connect(root.toString().replaceFirst("^http", "ws") + "ws/dashboard",
                Map.of("Authorization", "Bearer " + user.token()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    SocketIoClient socketIo(TestUsers.SignedUp user) {
        return SocketIoClient.connect(root.toString().replaceFirst("/$", ""),
                "{\"auth\":{\"token\":\"" + user.token() + "\",\"clientType\":\"dashboard\"},\"reconnection\":false}");
    }

    static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
