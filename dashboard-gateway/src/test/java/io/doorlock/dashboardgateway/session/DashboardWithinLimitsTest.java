package io.doorlock.dashboardgateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.SocketIoClient;
import io.doorlock.testing.TestWebSocket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dashboard that sends no more than its limits allow is never disconnected and never left without an answer, even
 * when it sends faster than the gateway can handle: every {@code send_command} is queued, or refused with
 * {@code UNAVAILABLE} and its own id, and the dashboard stays connected. Before, a Socket.IO dashboard 256 packets
 * ahead of its handler lost its session, and with it every packet still waiting (at 200 commands/s: 20 dashboards ×
 * 257 = 5,140 sends without an answer).
 */
@QuarkusTest
@TestProfile(DashboardWithinLimitsTest.GenerousLimits.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class DashboardWithinLimitsTest {

    /** A burst of 1,000 frames is within the limits: whatever is refused here is not refused for the rate. */
    public static class GenerousLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorlock.dashboard-gateway.rate-limit.burst", "1000");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    /** More than a dashboard's frames may wait for the handler (256), all within the burst. */
    static final int SENT = 300;

    @TestHTTPResource("/")
    URI root;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    MongoClient mongo;

    @BeforeEach
    void registerUsersAndDevices() {
        TestUsers.ensure(users, "user-1");
        TestDevices.ensureDoors(devices);
    }

    @Test
    void aSocketIoDashboardWithinItsLimitsGetsAnAnswerToEveryCommandAndStaysConnected() {
        List<String> commandIds = new ArrayList<>();
        try (SocketIoClient dashboard = SocketIoClient.connect(url(), "{\"auth\":{\"token\":\"" + token("user-1")
                + "\",\"clientType\":\"dashboard\"},\"transports\":[\"websocket\"],\"reconnection\":false}")) {
            dashboard.awaitType("connect", WAIT);
            List<Integer> acks = new ArrayList<>();
            for (int i = 0; i < SENT; i++) {
                String commandId = UUID.randomUUID().toString();
                commandIds.add(commandId);
                acks.add(dashboard.emitWithAck("send_command",
                        "{\"deviceId\":\"door-1\",\"command\":\"lock_door\",\"commandId\":\"" + commandId + "\"}"));
            }
            int queued = 0;
            for (int i = 0; i < SENT; i++) {
                JsonNode answer = dashboard.awaitAck(acks.get(i), WAIT).at("/args/0");
                if (answer.path("success").asBoolean()) {
                    assertThat(answer.path("event").asText()).isEqualTo("command_sent");
                    assertThat(answer.at("/data/commandId").asText()).isEqualTo(commandIds.get(i));
                    queued++;
                } else {
                    assertThat(answer.at("/error/code").asText()).as("the refusal of a command within the limits").isEqualTo("UNAVAILABLE");
                }
            }
            assertThat(queued).isPositive();
            int marker = dashboard.emitWithAck("request_device_status", "{\"deviceId\":\"door-1\"}");
            dashboard.awaitAck(marker, WAIT);
            assertThat(dashboard.reports()).noneMatch(r -> "disconnect".equals(r.path("type").asText()));
        } finally {
            mongo.getDatabase("doorlock_dashboard").getCollection("command_history").deleteMany(Filters.in("_id", commandIds));
        }
    }

    @Test
    void aWebSocketDashboardWithinItsLimitsGetsAnAnswerToEveryCommandAndStaysOpen() {
        CommandBurst burst = null;
        try (TestWebSocket socket = TestWebSocket.connect(root.toString().replaceFirst("^http", "ws") + "ws/dashboard",
                Map.of("Authorization", "Bearer " + token("user-1")))) {
            socket.awaitEvent("authenticated", WAIT);
            burst = CommandBurst.send(socket, SENT);
            Map<String, JsonNode> answers = burst.answers(socket, WAIT);
            assertThat(answers.values()).allMatch(a -> CommandBurst.queued(a) || CommandBurst.refused(a, "UNAVAILABLE"));
            assertThat(answers.values().stream().filter(CommandBurst::queued).count()).isPositive();
            assertThat(socket.isOpen()).isTrue();
        } finally {
            if (burst != null) {
                burst.forget(mongo, "doorlock_dashboard");
            }
        }
    }

    private String url() {
        return root.toString().replaceFirst("/$", "");
    }

    private static String token(String userId) {
        return DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
    }
}
