package io.doorlock.dashboardgateway.command;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's {@code POST /api/device/:id/command}: same checks as the WebSocket's {@code send_command}. */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class SendCommandResourceTest {

    static final JsonCodec CODEC = new JsonCodec();

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    TestMqttClient bus;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-2", "user-3", "user-7");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }

    @Test
    void aUserWithControlQueuesACommandThatReachesTheBus() throws Exception {
        String body = given().auth().oauth2(token("user-3")).contentType("application/json")
                .body("{\"command\":\"unlock_door\",\"payload\":{\"duration\":4000}}")
                .post("/api/device/door-1/command").then().statusCode(202)
                .body("success", equalTo(true)).body("data.status", equalTo("queued")).body("data.deviceId", equalTo("door-1"))
                .body("data.command", equalTo("unlock_door")).extract().asString();
        String commandId = CODEC.mapper().readTree(body).at("/data/commandId").asText();
        TestMqttClient.Received request = bus.await(m -> new String(m.payload()).contains(commandId), Duration.ofSeconds(10));
        JsonNode envelope = CODEC.mapper().readTree(request.payload());
        assertThat(envelope.at("/data/requestedBy").asText()).isEqualTo("user-3");
        assertThat(envelope.at("/data/payload/duration").asInt()).isEqualTo(4000);
    }

    @Test
    void viewersStrangersBadCommandsAndAnonymousCallersAreRefused() {
        String unlock = "{\"command\":\"unlock_door\",\"payload\":{\"duration\":4000}}";
        given().auth().oauth2(token("user-2")).contentType("application/json").body(unlock)
                .post("/api/device/door-1/command").then().statusCode(403).body("message", containsString("no control permission"));
        given().auth().oauth2(token("user-7")).contentType("application/json").body(unlock)
                .post("/api/device/door-1/command").then().statusCode(403);
        given().auth().oauth2(token("user-1")).contentType("application/json").body("{\"command\":\"teleport\"}")
                .post("/api/device/door-1/command").then().statusCode(400).body("message", containsString("unknown command"));
        given().auth().oauth2(token("user-1")).contentType("application/json").body("{\"command\":\"unlock_door\",\"payload\":{\"duration\":\"long\"}}")
                .post("/api/device/door-1/command").then().statusCode(400);
        given().contentType("application/json").body(unlock).post("/api/device/door-1/command").then().statusCode(401);
    }
}
