package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.testing.SocketIoClient;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's clients, unchanged, across the whole platform: a dashboard and an ESP32 door both on the official
 * socket.io-client 4.8 with its default transports, talking through all four services.
 */
class SocketIoSystemTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void aSocketIoDashboardUnlocksASocketIoDoor() {
        String jwt = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
        try (SocketIoClient door = SocketIoClient.connect(system.deviceGatewayUrl(), "{\"auth\":{\"token\":\"" + system.device.token()
                        + "\",\"clientType\":\"device\",\"deviceId\":\"" + system.device.id() + "\"}}");
                SocketIoClient dashboard = SocketIoClient.connect("http://127.0.0.1:" + system.dashboardGateway.port(),
                        "{\"auth\":{\"token\":\"" + jwt + "\",\"clientType\":\"dashboard\"}}")) {
            door.awaitType("connect", WAIT);
            dashboard.awaitType("connect", WAIT);
            dashboard.emit("subscribe_device", "{\"deviceId\":\"" + system.device.id() + "\"}");
            dashboard.awaitEvent("subscribed", WAIT);

            dashboard.emit("send_command", "{\"deviceId\":\"" + system.device.id() + "\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            String commandId = dashboard.awaitEvent("command_sent", WAIT).at("/data/commandId").asText();

            // the door gets the seed's event and answers the way the seed's firmware does
            JsonNode unlock = door.awaitEvent("unlock_door", WAIT);
            assertThat(unlock.at("/data/commandId").asText()).isEqualTo(commandId);
            assertThat(unlock.at("/data/duration").asInt()).isEqualTo(5000);
            door.emit("command_ack", "{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + system.device.id() + "\",\"status\":\"executed\"}");

            JsonNode executed = dashboard.await(r -> "command_status".equals(r.path("event").asText())
                    && commandId.equals(r.at("/data/commandId").asText()) && "executed".equals(r.at("/data/status").asText()), WAIT);
            assertThat(executed.at("/data/deviceId").asText()).isEqualTo(system.device.id());
            // command_sent came first
            int sentAt = dashboard.reports().indexOf(dashboard.awaitEvent("command_sent", WAIT));
            assertThat(dashboard.reports().indexOf(executed)).isGreaterThan(sentAt);
        }
    }
}
