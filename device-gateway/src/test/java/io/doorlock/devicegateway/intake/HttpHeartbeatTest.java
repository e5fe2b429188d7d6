package io.doorlock.devicegateway.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.devicegateway.TestDevices;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's {@code POST /api/device/:id/heartbeat}: the device's own token, validated, recorded, never "online". */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class HttpHeartbeatTest {

    static final JsonCodec CODEC = new JsonCodec();

    TestMqttClient bus;

    @BeforeEach
    void connectBus() {
        TestDevices.registerFleet();
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.DEVICE_EVENTS_ALL);
    }

    @AfterEach
    void closeBus() {
        bus.close();
    }

    @Test
    void aHeartbeatWithTheDevicesTokenIsRecordedAsHttpAndDoesNotBringTheDeviceOnline() throws Exception {
        given().header("Authorization", "Bearer token-door-12").contentType("application/json")
                .body("{\"batteryLevel\":77,\"status\":\"online\"}")
                .post("/api/device/door-12/heartbeat").then().statusCode(202);
        TestMqttClient.Received published = bus.await(m -> m.topic().equals(Topics.busDeviceEvent("device_heartbeat"))
                && new String(m.payload()).contains("door-12"), Duration.ofSeconds(10));
        JsonNode envelope = CODEC.mapper().readTree(published.payload());
        assertThat(envelope.at("/data/metadata/source").asText()).isEqualTo("http");
        assertThat(envelope.at("/data/data/batteryLevel").asInt()).isEqualTo(77);
        // Nothing else follows, not even from the next presence flush: no link, so no device_connected.
        TestDevices.awaitPresenceFlushed(bus);
        assertThat(bus.drain()).noneMatch(m -> m.topic().equals(Topics.busDeviceEvent("device_connected")) && new String(m.payload()).contains("door-12"));
    }

    @Test
    void wrongTokensAnotherDevicesTokenAndBadBodiesAreRefused() {
        String body = "{\"batteryLevel\":50}";
        given().contentType("application/json").body(body).post("/api/device/door-12/heartbeat").then().statusCode(401);
        given().header("Authorization", "Bearer nope").contentType("application/json").body(body)
                .post("/api/device/door-12/heartbeat").then().statusCode(401).body("message", containsString("wrong token"));
        given().header("Authorization", "Bearer token-door-11").contentType("application/json").body(body)
                .post("/api/device/door-12/heartbeat").then().statusCode(401);
        given().header("Authorization", "Bearer token-door-12").contentType("application/json").body("{\"batteryLevel\":\"full\"}")
                .post("/api/device/door-12/heartbeat").then().statusCode(400);
        given().header("Authorization", "Bearer token-door-12").contentType("application/json").body("{\"deviceId\":\"door-11\"}")
                .post("/api/device/door-12/heartbeat").then().statusCode(400).body("message", containsString("not this connection"));
    }
}
