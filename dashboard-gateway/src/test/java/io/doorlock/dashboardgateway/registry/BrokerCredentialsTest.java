package io.doorlock.dashboardgateway.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real Mosquitto with its dynamic-security plugin enforces what the registry says: a registered device logs in
 * with its id and token, may use only its own topics, and loses access when its token is rotated or it is deleted.
 */
@QuarkusTest
@QuarkusTestResource(DoorlockInfrastructure.class)
class BrokerCredentialsTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    int port() {
        return DoorlockInfrastructure.broker().port();
    }

    /** Devices connect with client id = username = device id, as the broker requires. */
    TestMqttClient mqtt(String username, String password) {
        return TestMqttClient.connect(port(), username, Optional.of(username), Optional.of(password));
    }

    TestMqttClient observer() {
        return DoorlockInfrastructure.broker().observe();
    }

    record Device(String id, String token) {}

    Device register(String ownerToken) {
        var body = given().auth().oauth2(ownerToken).contentType(ContentType.JSON)
                .body(Map.of("name", "Door", "espId", "ESP-" + UUID.randomUUID().toString().substring(0, 8), "deviceType", "door-lock"))
                .post("/api/device/register").then().statusCode(201).extract();
        return new Device(body.path("data.id"), body.path("data.deviceToken"));
    }

    @Test
    void devicesUseOnlyTheirOwnTopicsAndLoseAccessOnRotationAndDeletion() {
        DeviceResourceTest.User owner = DeviceResourceTest.user("owner");
        Device a = register(owner.token());
        Device b = register(owner.token());

        try (TestMqttClient watcher = observer().subscribe("doorlock/v1/devices/#", "doorlock/v1/registry/#", "doorlock/v1/bus/#");
                TestMqttClient deviceA = mqtt(a.id(), a.token())) {
            // its own topics: allowed
            assertThat(deviceA.subscribeGranted("doorlock/v1/devices/" + a.id() + "/commands")).containsExactly(1);
            deviceA.publish("doorlock/v1/devices/" + a.id() + "/events", "{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"" + a.id() + "\"}}");
            watcher.await(m -> m.topic().equals("doorlock/v1/devices/" + a.id() + "/events"), WAIT);

            // another device's topics and the internal bus: refused (SUBACK 128) or silently dropped
            assertThat(deviceA.subscribeGranted("doorlock/v1/devices/" + b.id() + "/commands")).containsExactly(128);
            assertThat(deviceA.subscribeGranted("doorlock/v1/bus/#")).containsExactly(128);
            deviceA.publish("doorlock/v1/devices/" + b.id() + "/events", "{\"forged\":true}");
            deviceA.publish("doorlock/v1/bus/commands/requested", "{\"forged\":true}");
            deviceA.publish("doorlock/v1/registry/devices/" + b.id(), "{\"forged\":true}");
            assertThat(deviceA.subscribeGranted("doorlock/v1/registry/#")).containsExactly(128);
            deviceA.publish("doorlock/v1/devices/" + a.id() + "/acks", "{\"marker\":true}");
            watcher.await(m -> m.payload().contains("marker"), WAIT);
            assertThat(watcher.drain()).noneMatch(m -> m.payload().contains("forged"));
        }

        assertThatThrownBy(() -> mqtt(a.id(), "wrong-token")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> mqtt(a.id(), b.token())).as("another device's token").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestMqttClient.connect(port(), b.id(), Optional.of(a.id()), Optional.of(a.token())))
                .as("a's credentials with b's client id").isInstanceOf(IllegalStateException.class);

        TestMqttClient live = mqtt(a.id(), a.token());
        String rotated = given().auth().oauth2(owner.token()).post("/api/device/" + a.id() + "/token/rotate").then().statusCode(200)
                .extract().path("data.deviceToken");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !live.isConnected());
        live.close();
        assertThatThrownBy(() -> mqtt(a.id(), a.token())).as("old token after rotation").isInstanceOf(IllegalStateException.class);
        mqtt(a.id(), rotated).close();

        given().auth().oauth2(owner.token()).delete("/api/device/" + a.id()).then().statusCode(200);
        assertThatThrownBy(() -> mqtt(a.id(), rotated)).as("token of a deleted device").isInstanceOf(IllegalStateException.class);
        mqtt(b.id(), b.token()).close();
    }

    @Test
    void anonymousClientsGetNothing() {
        assertThatThrownBy(() -> TestMqttClient.connectAnonymously(port())).isInstanceOf(IllegalStateException.class);
    }
}
