package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's health routes with all four services running and a device connected: the shapes of the seed's JSON,
 * filled with what device-gateway's presence and audit-service's trail really hold.
 */
class HealthSystemTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void healthRoutesReportTheConnectedDeviceAndTheTrailsFigures() {
        String admin = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
        String espId = "ESP-" + UUID.randomUUID().toString().substring(0, 8);
        Http.Answer registered = system.http("POST", "/api/device/register", admin,
                "{\"name\":\"Porch\",\"espId\":\"" + espId + "\",\"deviceType\":\"door-lock\"}");
        assertThat(registered.status()).isEqualTo(201);
        String id = registered.body().at("/data/id").asText();
        String token = registered.body().at("/data/deviceToken").asText();

        Http.Answer basic = system.http("GET", "/api/health", null, null);
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.body().at("/data/status").asText()).isEqualTo("healthy");
        assertThat(basic.body().at("/data/environment").asText()).isEqualTo("production");
        assertThat(basic.body().at("/data/uptime").isIntegralNumber()).isTrue();

        TestWebSocket device = Awaitility.await().atMost(WAIT).ignoreExceptions().until(() -> {
            TestWebSocket socket = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + id, Map.of("Authorization", "Bearer " + token));
            socket.awaitEvent("authenticated", Duration.ofSeconds(3));
            return socket;
        }, s -> true);
        try (device) {
            JsonNode listed = Awaitility.await().atMost(WAIT).until(() -> system.http("GET", "/api/health/devices", admin, null),
                    a -> a.status() == 200 && find(a.body().at("/data/devices"), id) != null).body();
            JsonNode porch = find(listed.at("/data/devices"), id);
            assertThat(listed.at("/data/totalDevices").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(porch.at("/name").asText()).isEqualTo("Porch");
            assertThat(porch.at("/espId").asText()).isEqualTo(espId);
            assertThat(porch.at("/status").asText()).isEqualTo("online");
            assertThat(porch.at("/hasWebSocket").asBoolean()).isTrue();
            assertThat(porch.at("/hasMQTT").asBoolean()).isFalse();
            assertThat(porch.at("/connectedAt").asText()).isNotBlank();
            assertThat(porch.at("/uptimeMinutes").asLong()).isZero();

            Http.Answer detailed = system.http("GET", "/api/health/detailed", admin, null);
            assertThat(detailed.status()).as(detailed.body().toString()).isEqualTo(200);
            JsonNode data = detailed.body().at("/data");
            assertThat(data.at("/overall").asText()).isEqualTo("healthy");
            assertThat(data.at("/services/mongodb/state").asText()).isEqualTo("connected");
            assertThat(data.at("/services/mqtt/connected").asBoolean()).isTrue();
            assertThat(data.at("/devices/total").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(data.at("/devices/online").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(data.at("/devices/onlinePercentage").asText()).matches("\\d+%");
            assertThat(data.at("/connections/websocketConnections").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(data.at("/connections/totalConnected").asLong()).isEqualTo(data.at("/devices/online").asLong());
            assertThat(data.at("/memory/rss").asLong()).isPositive();

            // device_connected reached the audit trail, so the usage figures count it
            JsonNode usage = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> system.http("GET", "/api/health/metrics", admin, null),
                    a -> a.status() == 200 && a.body().at("/data/period/last24Hours/events").asLong() > 0).body();
            assertThat(usage.at("/data/period/last24Hours/errorRate").asText()).matches("\\d+\\.\\d\\d%");
            assertThat(usage.at("/data/period/lastHour/events").asLong()).isPositive();
            assertThat(usage.at("/data/period/lastHour/eventsPerMinute").asText()).matches("\\d+\\.\\d\\d");
        }
    }

    private static JsonNode find(JsonNode devices, String id) {
        for (JsonNode d : devices) {
            if (id.equals(d.at("/deviceId").asText())) {
                return d;
            }
        }
        return null;
    }
}
