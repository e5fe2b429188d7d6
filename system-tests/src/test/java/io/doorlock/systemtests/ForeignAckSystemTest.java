package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Another tenant's lock acks someone's command: the command is not changed (command-service ignores it), and its owner
 * still reads the command's audit history, made only of their own device's events. The foreign ack stays in its own
 * device's trail, linked to nothing, and audit-service counts it.
 */
class ForeignAckSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(20);
    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void aForeignDevicesAckStaysOutOfTheOwnersCommandHistory() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = system.signUp("fran" + run);
        String stranger = system.signUp("mallory" + run);
        JsonNode ownersLock = system.registerDevice(owner, "Front", "ACK-A-" + run);
        JsonNode strangersLock = system.registerDevice(stranger, "Shed", "ACK-B-" + run);
        String ownersId = ownersLock.path("id").asText();
        String strangersId = strangersLock.path("id").asText();
        double countedBefore = foreignAcksCounted();

        try (TestWebSocket lock = device(ownersLock); TestWebSocket foreign = device(strangersLock)) {
            Http.Answer asked = system.http("POST", "/api/device/" + ownersId + "/command", owner,
                    "{\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            assertThat(asked.status()).as("%s", asked.body()).isEqualTo(202);
            String commandId = asked.body().at("/data/commandId").asText();
            assertThat(json(lock.awaitEvent("unlock_door", WAIT)).at("/data/commandId").asText()).isEqualTo(commandId);

            // The stranger's lock claims the command first; then the owner's lock really executes it.
            foreign.send(ack(commandId, "executed"));
            lock.send(ack(commandId, "received"));
            lock.send(ack(commandId, "executed"));

            // Once the owner's acks are in the trail, the history is the owner's, whole, and nothing else.
            await().atMost(WAIT).untilAsserted(() -> {
                Http.Answer history = system.http("GET", "/api/audit/commands/" + commandId, owner, null);
                assertThat(history.status()).as("%s", history.body()).isEqualTo(200);
                List<String> devices = new ArrayList<>();
                List<String> types = new ArrayList<>();
                history.body().path("data").forEach(e -> {
                    devices.add(e.path("deviceId").asText());
                    types.add(e.path("eventType").asText());
                });
                assertThat(devices).containsOnly(ownersId);
                // the foreign "executed" changed nothing: the command went through "received", from the owner's lock
                assertThat(types).contains("command_requested", "command_received", "command_executed");
                assertThat(types.stream().filter("command_ack"::equals)).hasSize(2);
            });
            assertThat(system.http("GET", "/api/audit/correlations/" + commandId, owner, null).status()).isEqualTo(200);
            // the stranger, who may not view the owner's lock, still reads nothing of the command
            assertThat(system.http("GET", "/api/audit/commands/" + commandId, stranger, null).status()).isEqualTo(403);

            // In the stranger's own trail, it is what their lock said, linked to no command.
            JsonNode own = system.http("GET", "/api/audit/devices/" + strangersId + "/events?type=command_ack", stranger, null).body()
                    .at("/data/events/0");
            assertThat(own.at("/payload/commandId").asText()).isEqualTo(commandId);
            assertThat(own.path("commandId").isMissingNode() || own.path("commandId").isNull()).isTrue();
            await().atMost(WAIT).until(() -> foreignAcksCounted() >= countedBefore + 1);
        }
    }

    private static TestWebSocket device(JsonNode registered) {
        TestWebSocket socket = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + registered.path("id").asText(),
                Map.of("Authorization", "Bearer " + registered.path("deviceToken").asText()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    private static String ack(String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"status\":\"" + status + "\"}}";
    }

    private static double foreignAcksCounted() {
        return PrometheusText.sum(Http.text("http://127.0.0.1:" + system.auditService.port() + "/q/metrics"),
                "doorlock_audit_foreign_command_events_total", "event=\"command_ack\"");
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
