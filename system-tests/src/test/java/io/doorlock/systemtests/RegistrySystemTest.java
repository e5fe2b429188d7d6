package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device registered through the public REST API can connect to device-gateway within a second, without the two
 * services sharing a database; rotation and deletion take its credentials away at once.
 */
class RegistrySystemTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    TestWebSocket device(String id, String token) {
        return TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + id, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void aDeviceRegisteredOverRestConnectsWithinASecondAndReceivesCommands() {
        String admin = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
        String espId = "ESP32-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer registered = system.http("POST", "/api/device/register", admin,
                "{\"name\":\"Garage\",\"espId\":\"" + espId + "\",\"deviceType\":\"door-lock\"}");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.body().at("/data/id").asText();
        String token = registered.body().at("/data/deviceToken").asText();

        Instant start = Instant.now();
        TestWebSocket live = null;
        while (live == null && Duration.between(start, Instant.now()).compareTo(WAIT) < 0) {
            TestWebSocket attempt = device(id, token);
            try {
                attempt.awaitEvent("authenticated", Duration.ofMillis(500));
                live = attempt;
            } catch (AssertionError notYet) {
                attempt.close();
            }
        }
        assertThat(live).as("device accepted").isNotNull();
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(1));

        try (TestWebSocket dashboard = TestWebSocket.connect(system.dashboardSocketUrl(), Map.of("Authorization", "Bearer " + admin))) {
            dashboard.awaitEvent("authenticated", WAIT);
            dashboard.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + id + "\",\"command\":\"lock_door\"}}");
            dashboard.awaitEvent("command_status", WAIT);
            JsonNode lock = Json.parse(live.awaitEvent("lock_door", WAIT));
            assertThat(lock.at("/data/commandId").asText()).isNotBlank();
        }

        live.close();
    }

    @Test
    void theOwnerRotatesAndDeletesAndTheGatewayFollows() {
        String name = "owner" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(system.http("POST", "/api/auth/register", null,
                "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"password\":\"correct horse battery\"}").status()).isEqualTo(201);
        String owner = system.login(name, "correct horse battery");
        String espId = "ESP32-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer registered = system.http("POST", "/api/device/register", owner,
                "{\"name\":\"Shed\",\"espId\":\"" + espId + "\",\"deviceType\":\"door-lock\"}");
        String id = registered.body().at("/data/id").asText();
        String first = registered.body().at("/data/deviceToken").asText();

        TestWebSocket live = awaitAccepted(id, first);
        Http.Answer rotated = system.http("POST", "/api/device/" + id + "/token/rotate", owner, null);
        assertThat(rotated.status()).isEqualTo(200);
        String second = rotated.body().at("/data/deviceToken").asText();
        TestWebSocket.Closed closed = live.awaitClose(WAIT);
        assertThat(closed.code()).isEqualTo(4403);
        try (TestWebSocket old = device(id, first)) {
            assertThat(old.awaitClose(WAIT).code()).isEqualTo(4401);
        }
        try (TestWebSocket renewed = awaitAccepted(id, second)) {
            assertThat(system.http("DELETE", "/api/device/" + id, owner, null).status()).isEqualTo(200);
            assertThat(renewed.awaitClose(WAIT).reason()).isEqualTo("device deleted");
        }
        try (TestWebSocket gone = device(id, second)) {
            assertThat(gone.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    TestWebSocket awaitAccepted(String id, String token) {
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(WAIT) < 0) {
            TestWebSocket attempt = device(id, token);
            try {
                attempt.awaitEvent("authenticated", Duration.ofMillis(500));
                return attempt;
            } catch (AssertionError notYet) {
                attempt.close();
            }
        }
        throw new AssertionError(id + " was never accepted");
    }

    /** JSON parsing for assertions. */
    static final class Json {
        static JsonNode parse(String text) {
            try {
                return new io.doorlock.common.json.JsonCodec().mapper().readTree(text);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
