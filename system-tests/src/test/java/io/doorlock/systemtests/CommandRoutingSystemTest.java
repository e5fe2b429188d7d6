package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two device-gateway replicas and command-service: a device's dispatches go straight to the replica that holds its
 * socket (Eclipse Hono's command router), so consecutive commands reach the door in the order they were asked for,
 * with no forward between replicas. Before, the shared subscription gave some of them to the other replica, which
 * forwarded them, and a forwarded one could arrive after the next.
 */
class CommandRoutingSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(20);
    static final int COMMANDS = 30;

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static ServiceProcess gatewayA;
    static ServiceProcess gatewayB;
    static ServiceProcess commands;
    /** Registers the door as its owner asks, then stops. */
    static ServiceProcess dashboard;
    static UserAccount owner;
    static UserAccount.Device door;

    @BeforeAll
    static void start() {
        Path root = ServiceConfig.repoRoot();
        Path logs = ServiceConfig.logs();
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        Map<String, String> common = ServiceConfig.infrastructure(broker, mongo);
        Map<String, String> device = new LinkedHashMap<>(common);
        device.put("doorlock.device-gateway.rate-limit.frames-per-second", "100");
        device.putAll(broker.serviceConfig("device-gateway"));
        Map<String, String> a = new LinkedHashMap<>(device);
        a.put("doorlock.instance-id", "gw-a");
        Map<String, String> b = new LinkedHashMap<>(device);
        b.put("doorlock.instance-id", "gw-b");
        Map<String, String> command = new LinkedHashMap<>(common);
        command.putAll(broker.serviceConfig("command-service"));
        gatewayA = ServiceProcess.start(root, "device-gateway", "routing-device-gateway-a", FreePorts.find(), ServiceConfig.JVM, a, logs);
        gatewayB = ServiceProcess.start(root, "device-gateway", "routing-device-gateway-b", FreePorts.find(), ServiceConfig.JVM, b, logs);
        commands = ServiceProcess.start(root, "command-service", "routing-command-service", FreePorts.find(), ServiceConfig.JVM, command, logs);
        dashboard = ServiceProcess.start(root, "dashboard-gateway", "routing-dashboard-gateway", FreePorts.find(), ServiceConfig.JVM,
                ServiceConfig.dashboardGateway(broker, mongo, TestKeys.generate()), logs);
        CompletableFuture.allOf(List.of(gatewayA, gatewayB, commands, dashboard).stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(90)))).toArray(CompletableFuture[]::new)).join();
        owner = UserAccount.signUp("http://127.0.0.1:" + dashboard.port(), "routing-owner");
        door = owner.register("Door", List.of(url(gatewayA), url(gatewayB)));
        // The registry records stay retained on the broker; the commands below are published as dashboard-gateway does.
        dashboard.stop();
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess s : new ServiceProcess[] {gatewayA, gatewayB, commands, dashboard}) {
            if (s != null) {
                s.stop();
            }
        }
        broker.stop();
        mongo.stop();
    }

    @Test
    void consecutiveCommandsReachTheDoorInOrderFromTheReplicaHoldingItWithoutAForward() {
        double forwardedBefore = metric(gatewayA, "doorlock_commands_forwarded_total") + metric(gatewayB, "doorlock_commands_forwarded_total");
        double routedBefore = metric(gatewayB, "doorlock_command_dispatches_received_total", "route=\"routed\"");
        try (TestMqttClient bus = broker.harness().subscribe(Topics.busDeviceEvent("device_connected"));
                MongoClient client = MongoClients.create(mongo.connectionString());
                TestWebSocket device = TestWebSocket.connect("ws://127.0.0.1:" + gatewayB.port() + "/ws/device?deviceId=" + door.id(),
                        Map.of("Authorization", "Bearer " + door.token()))) {
            device.awaitEvent("authenticated", WAIT);
            JsonNode connected = json(bus.await(m -> m.payload().contains("\"" + door.id() + "\""), WAIT).payload());
            assertThat(connected.at("/data/metadata/gatewayId").asText()).as("device_connected names the replica holding the socket")
                    .isEqualTo("gw-b");
            MongoCollection<Document> links = client.getDatabase("doorlock_commands").getCollection("device_links");
            await().atMost(WAIT).until(() -> {
                Document link = links.find(new Document("_id", door.id())).first();
                return link != null && "gw-b".equals(link.getString("gatewayId"));
            });

            List<String> sent = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                sent.add(request(bus, i % 2 == 0 ? CommandType.LOCK_DOOR : CommandType.UNLOCK_DOOR));
            }
            List<String> arrived = new ArrayList<>();
            for (int i = 0; i < COMMANDS; i++) {
                JsonNode frame = json(device.await(f -> f.contains("\"commandId\""), WAIT));
                String commandId = frame.at("/data/commandId").asText();
                arrived.add(commandId);
                device.send("{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + commandId + "\",\"deviceId\":\"" + door.id()
                        + "\",\"status\":\"executed\"}}");
            }
            assertThat(arrived).as("the door got every command once, in the order they were asked for").containsExactlyElementsOf(sent);
        }
        assertThat(metric(gatewayA, "doorlock_commands_forwarded_total") + metric(gatewayB, "doorlock_commands_forwarded_total"))
                .as("no dispatch was forwarded between the replicas").isEqualTo(forwardedBefore);
        assertThat(metric(gatewayB, "doorlock_command_dispatches_received_total", "route=\"routed\""))
                .as("each came routed to the replica holding the socket").isEqualTo(routedBefore + COMMANDS);
    }

    private static String request(TestMqttClient bus, CommandType type) {
        String commandId = UUID.randomUUID().toString();
        CommandRequested requested = new CommandRequested(commandId, door.id(), type,
                type == CommandType.UNLOCK_DOOR ? CODEC.mapper().createObjectNode().put("duration", 3000) : CODEC.mapper().createObjectNode(),
                owner.userId(), Instant.now(), Optional.empty(), List.of("view", "control"));
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_REQUESTED, Instant.now(), "dashboard-gateway",
                commandId, door.id(), Optional.of(owner.userId()), CODEC.toTree(requested));
        bus.publish(Topics.COMMAND_REQUESTED, CODEC.encode(envelope));
        return commandId;
    }

    private static String url(ServiceProcess gateway) {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static double metric(ServiceProcess service, String name, String... labels) {
        return PrometheusText.sum(Http.text("http://127.0.0.1:" + service.port() + "/q/metrics"), name, labels);
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
