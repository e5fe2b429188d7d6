package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.simulator.DeviceSimulator;
import io.doorlock.simulator.SimulatorOptions;
import io.doorlock.testing.TestWebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device simulator against the whole platform: it registers its devices through the REST API, connects them over
 * the WebSocket and MQTT at once, sends heartbeats and events, and answers a dashboard's command.
 */
class SimulatorSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void aSimulatedFleetConnectsSendsAndAnswersCommands(@TempDir Path dir) throws Exception {
        Path credentials = dir.resolve("fleet.csv");
        List<String> lines = new ArrayList<>();
        SimulatorOptions options = SimulatorOptions.parse("--devices", "3", "--transport", "both", "--register",
                "--dashboard-url", "http://127.0.0.1:" + system.dashboardGateway.port(), "--device-url", system.deviceGatewayUrl(),
                "--mqtt", "127.0.0.1:" + system.broker.port(), "--user", DoorlockSystem.ADMIN, "--password", DoorlockSystem.ADMIN_PASSWORD,
                "--credentials", credentials.toString(), "--heartbeat", "1s", "--events-per-minute", "60", "--ack-latency", "50ms",
                "--report-every", "1s");
        try (DeviceSimulator simulator = DeviceSimulator.start(options, lines::add)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> simulator.counters().connected() == 3);
            assertThat(credentials).content().contains(simulator.deviceIds().get(0));

            String admin = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
            // Both links of every simulated device, in device-gateway's presence.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode devices = system.http("GET", "/api/health/devices", admin, null).body().at("/data/devices");
                int both = 0;
                for (JsonNode d : devices) {
                    if (simulator.deviceIds().contains(d.at("/deviceId").asText()) && d.at("/hasWebSocket").asBoolean() && d.at("/hasMQTT").asBoolean()) {
                        both++;
                    }
                }
                return both == 3;
            });

            String target = simulator.deviceIds().get(1);
            try (TestWebSocket dashboard = TestWebSocket.connect(system.dashboardSocketUrl(), Map.of("Authorization", "Bearer " + admin))) {
                dashboard.awaitEvent("authenticated", Duration.ofSeconds(10));
                dashboard.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + target + "\",\"command\":\"lock_door\"},\"id\":\"sim-1\"}");
                String commandId = CODEC.mapper().readTree(dashboard.await(f -> f.contains("\"sim-1\""), Duration.ofSeconds(10)))
                        .at("/data/commandId").asText();
                dashboard.await(f -> f.contains(commandId) && f.contains("\"status\":\"executed\""), Duration.ofSeconds(15));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> simulator.counters().acked() >= 1);
            assertThat(simulator.counters().sent()).as("heartbeats, events and acks").isGreaterThan(3);
            assertThat(simulator.counters().errors()).as(String.join("\n", lines)).isZero();
            assertThat(lines).isNotEmpty().allMatch(l -> l.startsWith("connected "));
        }
    }
}
