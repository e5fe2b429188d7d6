package io.doorlock.dashboardgateway.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard WebSocket's side of tenant isolation, for registry devices: every request × (no access, view,
 * control, owner), checking the answer and that nothing reached the command queue that should not have. Also the
 * REST side of bad tokens.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class TenantIsolationTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/ws/dashboard")
    URI socket;

    @Test
    void everyDashboardRequestFollowsThePermissionTable() {
        DeviceResourceTest.User owner = DeviceResourceTest.user("owner");
        DeviceResourceTest.User viewer = DeviceResourceTest.user("viewer");
        DeviceResourceTest.User controller = DeviceResourceTest.user("ctrl");
        DeviceResourceTest.User stranger = DeviceResourceTest.user("stranger");
        String deviceId = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "Front Door", "espId", "ESP-" + UUID.randomUUID().toString().substring(0, 8), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201).extract().path("data.id");
        for (var share : List.of(List.of(viewer.name(), "view"), List.of(controller.name(), "control"))) {
            given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("username", share.get(0), "permissions", List.of(share.get(1))))
                    .post("/api/device/" + deviceId + "/share").then().statusCode(200);
        }

        try (TestMqttClient bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED)) {
            record Case(DeviceResourceTest.User user, String subscribe, String status, String command) {}
            for (Case c : List.of(
                    new Case(stranger, "error", "error", "error"),
                    new Case(viewer, "subscribed", "device_status", "error"),
                    new Case(controller, "subscribed", "device_status", "command_status"),
                    new Case(owner, "subscribed", "device_status", "command_status"))) {
                try (TestWebSocket ws = TestWebSocket.connect(socket.toString().replaceFirst("^http", "ws"),
                        Map.of("Authorization", "Bearer " + c.user().token()))) {
                    ws.awaitEvent("authenticated", WAIT);
                    assertThat(answer(ws, "subscribe_device", "{\"deviceId\":\"" + deviceId + "\"}")).as(c.user().name()).isEqualTo(c.subscribe());
                    assertThat(answer(ws, "request_device_status", "{\"deviceId\":\"" + deviceId + "\"}")).isEqualTo(c.status());
                    assertThat(answer(ws, "send_command", "{\"deviceId\":\"" + deviceId + "\",\"command\":\"unlock_door\",\"payload\":{\"duration\":3000}}"))
                            .isEqualTo(c.command());
                }
            }
            // The gateway answers once the broker has the request; the broker may hand it to this subscriber a moment
            // later. The owner's was the last one published, so once it is here, every earlier one is too.
            bus.await(m -> owner.id().equals(json(m.payload()).at("/data/requestedBy").asText()), WAIT);
            List<String> requested = new ArrayList<>(List.of(owner.id()));
            bus.drain().forEach(m -> requested.add(json(m.payload()).at("/data/requestedBy").asText()));
            assertThat(requested).containsExactlyInAnyOrder(controller.id(), owner.id());
        }
    }

    @Test
    void restRejectsExpiredForgedUnsignedAndForeignTokens() {
        TestKeys keys = DoorlockInfrastructure.keys();
        String expired = keys.token("u", "u", "admin", Duration.ofSeconds(-120));
        String forged = TestKeys.generate().token("u", "u", "admin");
        String foreign = keys.token("u", "u", "admin", Duration.ofMinutes(5), "another-api");
        String unsigned = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"u\",\"iss\":\"" + TestKeys.ISSUER + "\",\"aud\":\""
                + TestKeys.AUDIENCE + "\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + ",\"jti\":\"x\",\"groups\":[\"admin\"]}") + ".";
        String unknownUser = keys.token("no-such-user", "ghost", "admin");
        for (String bad : List.of(expired, forged, foreign, unsigned, unknownUser)) {
            given().auth().oauth2(bad).get("/api/device").then().statusCode(401);
            given().auth().oauth2(bad).contentType(ContentType.JSON)
                    .body(Map.of("name", "x", "espId", "ESP-" + UUID.randomUUID().toString().substring(0, 8), "deviceType", "door-lock"))
                    .post("/api/device/register").then().statusCode(401);
        }
    }

    private static String answer(TestWebSocket ws, String event, String data) {
        String id = UUID.randomUUID().toString();
        ws.send("{\"event\":\"" + event + "\",\"data\":" + data + ",\"id\":\"" + id + "\"}");
        return json(ws.await(f -> f.contains("\"id\":\"" + id + "\""), WAIT)).at("/event").asText();
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
