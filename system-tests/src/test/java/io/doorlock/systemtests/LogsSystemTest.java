package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code /api/logs} routes, answered from audit-service's trail through dashboard-gateway: each user sees the
 * logs of the devices they may view, and no other.
 */
class LogsSystemTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void aUserReadsTheLogsOfTheirOwnDevicesOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = system.signUp("alice" + run);
        String bob = system.signUp("bob" + run);
        String deviceId = deviceWithAnEvent(alice, "LOGS-" + run);
        assertThat(types(system.http("GET", "/api/logs", alice, null))).contains("door_status_changed");
        assertThat(types(system.http("GET", "/api/logs/activity", alice, null))).contains("door_status_changed");
        assertThat(types(system.http("GET", "/api/logs/type/door_status_changed", alice, null))).containsOnly("door_status_changed");
        Http.Answer paged = system.http("GET", "/api/logs?limit=1&page=1", alice, null);
        assertThat(paged.body().at("/data/events")).hasSize(1);
        assertThat(paged.body().at("/data/total").asLong()).isGreaterThan(1);

        // bob sees none of it
        assertThat(system.http("GET", "/api/logs/device/" + deviceId, bob, null).status()).isEqualTo(403);
        assertThat(system.http("GET", "/api/logs", bob, null).body().at("/data/total").asLong()).isZero();
        assertThat(system.http("GET", "/api/logs/type/door_status_changed", bob, null).body().at("/data/total").asLong()).isZero();
        assertThat(system.http("GET", "/api/logs/type/Robert');DROP", bob, null).status()).isEqualTo(400);
        assertThat(system.http("GET", "/api/logs", null, null).status()).isEqualTo(401);

        // a platform admin sees every device's
        String admin = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
        Http.Answer all = system.http("GET", "/api/logs/type/door_status_changed?limit=200", admin, null);
        List<String> devices = new ArrayList<>();
        all.body().at("/data/events").forEach(e -> devices.add(e.path("deviceId").asText()));
        assertThat(devices).contains(deviceId);
    }

    @Test
    void clearingRemovesOnlyTheCallersOwnDevicesLogsAndIsItselfRecorded() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String erin = system.signUp("erin" + run);
        String frank = system.signUp("frank" + run);
        String erinsDevice = deviceWithAnEvent(erin, "ERIN-" + run);
        String franksDevice = deviceWithAnEvent(frank, "FRANK-" + run);

        // frank may clear neither erin's device nor "everything" on her behalf
        assertThat(system.http("DELETE", "/api/logs?deviceId=" + erinsDevice, frank, null).status()).isEqualTo(403);
        assertThat(system.http("DELETE", "/api/logs", null, null).status()).isEqualTo(401);

        Http.Answer cleared = system.http("DELETE", "/api/logs?type=door_status_changed", erin, null);
        assertThat(cleared.status()).as("%s", cleared.body()).isEqualTo(200);
        assertThat(cleared.body().at("/data/deleted").asLong()).isGreaterThanOrEqualTo(1);

        List<JsonNode> left = new ArrayList<>();
        system.http("GET", "/api/logs/device/" + erinsDevice, erin, null).body().at("/data/events").forEach(left::add);
        assertThat(left).extracting(e -> e.path("eventType").asText()).doesNotContain("door_status_changed").contains("logs_cleared");
        JsonNode record = left.stream().filter(e -> "logs_cleared".equals(e.path("eventType").asText())).findFirst().orElseThrow();
        assertThat(record.path("userId").asText()).isNotBlank();
        // frank's logs are untouched
        assertThat(types(system.http("GET", "/api/logs/device/" + franksDevice, frank, null))).contains("door_status_changed");
    }

    private static String deviceWithAnEvent(String jwt, String espId) {
        JsonNode device = system.registerDevice(jwt, "Door", espId);
        String deviceId = device.path("id").asText();
        try (TestWebSocket socket = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + deviceId,
                Map.of("Authorization", "Bearer " + device.path("deviceToken").asText()))) {
            socket.awaitEvent("authenticated", WAIT);
            socket.send("{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"status\":\"locked\"}}");
            await().atMost(WAIT).until(() -> types(system.http("GET", "/api/logs/device/" + deviceId, jwt, null)).contains("door_status_changed"));
        }
        return deviceId;
    }


    private static List<String> types(Http.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        answer.body().at("/data/events").forEach(e -> types.add(e.path("eventType").asText()));
        return types;
    }
}
