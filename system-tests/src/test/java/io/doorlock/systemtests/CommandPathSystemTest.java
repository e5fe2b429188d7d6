package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.simulator.CommandCheck;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton's proof: one command from a dashboard through all four services to a device and back, with
 * real WebSocket clients, real Mosquitto and the MongoDB wire server, each service its own JVM.
 */
class CommandPathSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(20);

    static DoorlockSystem system;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
    }

    @Test
    void anUnlockTravelsFromTheDashboardToTheDoorAndBack() {
        String jwt = system.login(DoorlockSystem.ADMIN, DoorlockSystem.ADMIN_PASSWORD);
        try (TestWebSocket device = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + system.device.id(),
                        Map.of("Authorization", "Bearer " + system.device.token()));
                TestWebSocket dashboard = TestWebSocket.connect(system.dashboardSocketUrl())) {
            device.awaitEvent("authenticated", WAIT);
            dashboard.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + jwt + "\"}}");
            dashboard.awaitEvent("authenticated", WAIT);

            // 3. the dashboard asks; it hears "queued" with the command id
            dashboard.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + system.device.id() + "\",\"command\":\"unlock_door\","
                    + "\"payload\":{\"duration\":5000}},\"id\":\"req-1\"}");
            JsonNode queued = json(dashboard.await(f -> f.contains("\"req-1\""), WAIT));
            assertThat(queued.at("/event").asText()).isEqualTo("command_status");
            assertThat(queued.at("/data/status").asText()).isEqualTo("queued");
            String commandId = queued.at("/data/commandId").asText();

            // 6. the device gets exactly the seed's frame
            JsonNode unlock = json(device.awaitEvent("unlock_door", WAIT));
            assertThat(unlock.at("/data/commandId").asText()).isEqualTo(commandId);
            assertThat(unlock.at("/data/duration").asInt()).isEqualTo(5000);
            // ... signed by the platform for this door, as the key dashboard-gateway hands out can check
            CommandCheck.Verdict verdict = CommandCheck.check(system.device.id(), "unlock_door", unlock.path("data"), system.commandKey(),
                    CommandCheck.Accepted.NONE, Instant.now());
            assertThat(verdict.outcome()).isEqualTo(CommandCheck.Outcome.EXECUTE);
            assertThat(verdict.command().orElseThrow().payload().path("duration").asInt()).isEqualTo(5000);

            // The dashboard hears "sent" once command-service has the delivery receipt. Waiting for it keeps the history
            // below in one order: the receipt and the device's acks travel on separate channels, and an immediate
            // "received" may otherwise overtake the receipt (the command then skips "sent", as AckTransition allows).
            dashboard.await(f -> f.contains(commandId) && f.contains("\"status\":\"sent\""), WAIT);

            // 7. it acks received, then executed
            device.send(ack(commandId, "received"));
            device.send(ack(commandId, "executed"));

            // 9. the dashboard sees the command executed
            JsonNode executed = json(dashboard.await(f -> f.contains(commandId) && f.contains("\"status\":\"executed\""), WAIT));
            assertThat(executed.at("/event").asText()).isEqualTo("command_status");
            assertThat(executed.at("/data/deviceId").asText()).isEqualTo(system.device.id());
            assertThat(executed.at("/data/command").asText()).isEqualTo("unlock_door");

            try (MongoClient mongo = MongoClients.create(system.mongo.connectionString())) {
                // 8. command-service's own database holds the command, ended executed, with every step
                Document command = mongo.getDatabase("doorlock_commands").getCollection("commands")
                        .find(new Document("_id", commandId)).first();
                assertThat(command).isNotNull();
                assertThat(command.getString("status")).isEqualTo("executed");
                assertThat(command.getList("history", Document.class)).extracting(d -> d.getString("status"))
                        .containsExactly("queued", "sent", "received", "executed");

                // 10. audit-service's database holds a DeviceEvent for each step, under the command's correlation id
                var events = mongo.getDatabase("doorlock_audit").getCollection("device_events");
                List<String> expected = List.of("command_requested", "command_queued", "command_dispatched", "command_delivered",
                        "command_sent", "command_ack", "command_received", "command_executed");
                await().atMost(WAIT).untilAsserted(() -> assertThat(types(events, commandId)).containsAll(expected));
                List<String> types = types(events, commandId);
                assertThat(types.stream().filter("command_ack"::equals)).hasSize(2);
                Document ackEvent = events.find(new Document("eventType", "command_ack").append("commandId", commandId)).first();
                assertThat(ackEvent.getString("deviceId")).isEqualTo(system.device.id());
                assertThat(ackEvent.getString("userId")).isEqualTo(system.owner.userId());
                assertThat(ackEvent.get("metadata", Document.class).getString("source")).isEqualTo("websocket");

                // each service wrote only to its own database
                assertThat(mongo.getDatabase("doorlock_commands").listCollectionNames().into(new ArrayList<>()))
                        .isSubsetOf("commands", "device_links", "device_counters").contains("commands");
                assertThat(mongo.getDatabase("doorlock_audit").listCollectionNames().into(new ArrayList<>())).containsExactly("device_events");
            }
        }
    }

    @Test
    void badFramesAnswerErrorsAndKeepTheConnectionWhileBadTokensClose() {
        try (TestWebSocket device = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + system.device.id(),
                Map.of("Authorization", "Bearer " + system.device.token()))) {
            device.awaitEvent("authenticated", WAIT);
            device.send("{oops");
            assertThat(json(device.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("MALFORMED_JSON");
            device.send("{\"event\":\"teleport\",\"data\":{}}");
            assertThat(json(device.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("UNKNOWN_EVENT");
            device.send("{\"event\":\"command_ack\",\"data\":{\"status\":\"executed\"}}");
            assertThat(json(device.awaitEvent("error", WAIT)).at("/data/code").asText()).isEqualTo("MISSING_FIELD");
            assertThat(device.isOpen()).isTrue();
        }
        try (TestWebSocket device = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + system.device.id(),
                Map.of("Authorization", "Bearer not-the-token"))) {
            assertThat(device.awaitClose(WAIT).code()).isEqualTo(4401);
        }
        try (TestWebSocket dashboard = TestWebSocket.connect(system.dashboardSocketUrl(), Map.of("Authorization", "Bearer nope"))) {
            assertThat(dashboard.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    private static List<String> types(MongoCollection<Document> events, String correlationId) {
        List<String> types = new ArrayList<>();
        events.find(new Document("correlationId", correlationId)).forEach(d -> types.add(d.getString("eventType")));
        return types;
    }

    private static String ack(String commandId, String status) {
        return "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + system.device.id() + "\",\"status\":\""
                + status + "\"}}";
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
