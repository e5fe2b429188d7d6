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

/** The seed's {@code /api/dashboard} routes: each user's figures cover their own devices, and nobody else's. */
class DashboardOverviewSystemTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void anOwnerSeesTheirDevicesActivityAndAlertsAndAnotherUserSeesNone() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String carol = system.signUp("carol" + run);
        String dave = system.signUp("dave" + run);
        JsonNode device = system.registerDevice(carol, "Garage", "DASH-" + run);
        String deviceId = device.path("id").asText();
        try (TestWebSocket socket = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + deviceId,
                Map.of("Authorization", "Bearer " + device.path("deviceToken").asText()))) {
            socket.awaitEvent("authenticated", WAIT);
            socket.send("{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"status\":\"locked\",\"triggeredBy\":\"app\"}}");
            socket.send("{\"event\":\"error_occurred\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"errorCode\":\"E42\",\"errorMessage\":\"Motor stalled\"}}");
            await().atMost(WAIT).untilAsserted(() -> assertThat(messages(system.http("GET", "/api/dashboard/alerts", carol, null)))
                    .contains("Motor stalled"));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode stats = ok(system.http("GET", "/api/dashboard/stats", carol, null));
                assertThat(stats.at("/devices/total").asInt()).isEqualTo(1);
                assertThat(stats.at("/devices/online").asInt()).isEqualTo(1);
            });
            JsonNode summary = ok(system.http("GET", "/api/dashboard/devices-summary", carol, null));
            assertThat(summary.at("/devices/0/id").asText()).isEqualTo(deviceId);
            assertThat(summary.at("/devices/0/_id").asText()).isEqualTo(deviceId);
            assertThat(summary.at("/devices/0/status").asText()).isEqualTo("online");
            List<String> activity = new ArrayList<>();
            ok(system.http("GET", "/api/dashboard/activity", carol, null)).path("events").forEach(e -> activity.add(e.path("eventType").asText()));
            assertThat(activity).contains("door_status_changed");
        }

        // dave has no devices: nothing of carol's shows
        assertThat(ok(system.http("GET", "/api/dashboard/stats", dave, null)).at("/devices/total").asInt()).isZero();
        assertThat(ok(system.http("GET", "/api/dashboard/devices-summary", dave, null)).at("/total").asInt()).isZero();
        assertThat(ok(system.http("GET", "/api/dashboard/activity", dave, null)).at("/total").asInt()).isZero();
        assertThat(ok(system.http("GET", "/api/dashboard/alerts", dave, null))).isEmpty();
        assertThat(system.http("GET", "/api/dashboard/stats", null, null).status()).isEqualTo(401);
    }


    private static JsonNode ok(Http.Answer answer) {
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(200);
        return answer.body().path("data");
    }

    private static List<String> messages(Http.Answer answer) {
        List<String> messages = new ArrayList<>();
        ok(answer).forEach(a -> messages.add(a.path("message").asText()));
        return messages;
    }
}
