package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestMqttClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * command-service under stress: killed mid-flight, and two instances sharing 500 commands over 50 devices. The
 * devices are real WebSocket clients of a real device-gateway; commands and their states are read from
 * command-service's own database.
 */
class CommandDurabilitySystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final List<String> JVM = ServiceConfig.JVM;
    static final Set<String> FINAL = Set.of("executed", "failed", "expired", "timed_out", "cancelled");
    static final int MAX_ATTEMPTS = 3;
    static final int DEVICES = 50;

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static ServiceProcess gateway;
    static ServiceProcess commandsA;
    static ServiceProcess commandsB;
    /** Registers the devices as their owner asks, then stops. */
    static ServiceProcess dashboard;
    static MongoClient client;
    static MongoCollection<Document> commands;
    /** The owner of the fifty devices, signed up through the public API. */
    static UserAccount owner;
    /** The fifty devices, registered by their owner through the public API. */
    static List<UserAccount.Device> fleet;

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
        Map<String, String> command = new LinkedHashMap<>(common);
        command.putAll(broker.serviceConfig("command-service"));
        command.put("doorlock.commands.ack-timeout", "2s");
        command.put("doorlock.commands.max-attempts", String.valueOf(MAX_ATTEMPTS));
        command.put("doorlock.commands.sweep-interval", "200ms");
        Map<String, String> a = new LinkedHashMap<>(command);
        a.put("doorlock.instance-id", "commands-a");
        Map<String, String> b = new LinkedHashMap<>(command);
        b.put("doorlock.instance-id", "commands-b");
        gateway = ServiceProcess.start(root, "device-gateway", "durability-device-gateway", FreePorts.find(), JVM, device, logs);
        commandsA = ServiceProcess.start(root, "command-service", "command-service-a", FreePorts.find(), JVM, a, logs);
        commandsB = ServiceProcess.start(root, "command-service", "command-service-b", FreePorts.find(), JVM, b, logs);
        dashboard = ServiceProcess.start(root, "dashboard-gateway", "durability-dashboard-gateway", FreePorts.find(), JVM,
                ServiceConfig.dashboardGateway(broker, mongo, TestKeys.generate()), logs);
        CompletableFuture.allOf(List.of(gateway, commandsA, commandsB, dashboard).stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(90)))).toArray(CompletableFuture[]::new)).join();
        owner = UserAccount.signUp("http://127.0.0.1:" + dashboard.port(), "durability-owner");
        List<String> gatewayUrl = List.of("http://127.0.0.1:" + gateway.port());
        fleet = IntStream.range(0, DEVICES).mapToObj(i -> owner.register(String.format("Door %02d", i), gatewayUrl)).toList();
        // The registry records stay retained on the broker; the load below is command-service's alone.
        dashboard.stop();
        client = MongoClients.create(mongo.connectionString());
        commands = client.getDatabase("doorlock_commands").getCollection("commands");
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess s : new ServiceProcess[] {commandsA, commandsB, gateway, dashboard}) {
            if (s != null) {
                s.stop();
            }
        }
        if (client != null) {
            client.close();
        }
        broker.stop();
        mongo.stop();
    }

    @Test
    void aCommandSurvivesCommandServiceDyingMidFlight() throws Exception {
        commandsB.stop();
        try (TestMqttClient bus = broker.harness();
                FakeDevice door = FakeDevice.connect(fleet.get(0), deviceUrl(), id -> false)) {
            door.silence(); // the device gets the command but its acks come after command-service died
            // command-service has taken the device's device_connected first; otherwise the request's own dispatch and
            // the reconnect drain may both send it (two deliveries, legitimately), and "exactly one" cannot be seen
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                org.bson.Document link = client.getDatabase("doorlock_commands").getCollection("device_links")
                        .find(new org.bson.Document("_id", deviceId(0))).first();
                return link != null && Boolean.TRUE.equals(link.getBoolean("online"));
            });
            String commandId = request(bus, deviceId(0), CommandType.UNLOCK_DOOR);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> door.deliveriesOf(commandId) == 1);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "sent".equals(status(commandId)));

            commandsA.kill(); // SIGKILL: no shutdown, nothing flushed
            door.speak();
            commandsA.restart();
            commandsA.awaitReady(Duration.ofSeconds(90));

            // After the restart the sweeper finds the command sent without an ack and sends it again; the device
            // acks the repeated id without executing it twice.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "executed".equals(status(commandId)));
            assertThat(door.deliveriesOf(commandId)).as("re-sent after the restart, within the limit").isBetween(2, MAX_ATTEMPTS);
            assertThat(door.late.get()).as("nothing arrived past its deadline").isZero();
            Document doc = commands.find(Filters.eq("_id", commandId)).first();
            assertThat(doc.getList("history", Document.class)).extracting(h -> h.getString("status"))
                    .containsExactly("queued", "sent", "received", "executed");
        } finally {
            if (!commandsB.isAlive()) {
                commandsB.restart();
                commandsB.awaitReady(Duration.ofSeconds(90));
            }
        }
    }

    @Test
    void twoInstancesShare500CommandsOver50DevicesAndEachEndsOnce() {
        List<FakeDevice> devices = new ArrayList<>();
        try (TestMqttClient bus = broker.harness()) {
            for (int i = 0; i < DEVICES; i++) {
                // One delivery in ten loses its acks, so re-sends happen under load too.
                devices.add(FakeDevice.connect(fleet.get(i), deviceUrl(), id -> Math.floorMod(id.hashCode(), 10) == 0));
            }
            List<String> ids = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int i = 0; i < DEVICES; i++) {
                    ids.add(request(bus, deviceId(i), round % 2 == 0 ? CommandType.LOCK_DOOR : CommandType.UNLOCK_DOOR));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> commands.countDocuments(Filters.and(Filters.in("_id", ids), Filters.in("status", FINAL))) == ids.size());

            for (String id : ids) {
                Document doc = commands.find(Filters.eq("_id", id)).first();
                assertThat(doc.getString("status")).as("command %s", id).isEqualTo("executed");
                List<String> finals = doc.getList("history", Document.class).stream().map(h -> h.getString("status")).filter(FINAL::contains).toList();
                assertThat(finals).as("exactly one final state for %s", id).hasSize(1);
                assertThat(doc.getInteger("attempts")).isBetween(1, MAX_ATTEMPTS);
            }
            for (FakeDevice device : devices) {
                device.deliveries.forEach((id, n) -> assertThat(n.get()).as("deliveries of %s to %s", id, device.deviceId).isBetween(1, MAX_ATTEMPTS));
                assertThat(device.late.get()).as("commands that reached %s past their deadline", device.deviceId).isZero();
            }
            long resent = devices.stream().flatMap(d -> d.deliveries.values().stream()).filter(n -> n.get() > 1).count();
            assertThat(resent).as("lost acks were followed by re-sends").isPositive();
            assertThat(commands.countDocuments(Filters.in("_id", ids))).as("one command per request").isEqualTo(ids.size());
            assertThat(created(commandsA)).as("instance A took its share").isPositive();
            assertThat(created(commandsB)).as("instance B took its share").isPositive();
        } finally {
            devices.forEach(FakeDevice::close);
        }
    }

    private static String request(TestMqttClient bus, String deviceId, CommandType type) {
        String commandId = UUID.randomUUID().toString();
        CommandRequested requested = new CommandRequested(commandId, deviceId, type,
                type == CommandType.UNLOCK_DOOR ? CODEC.mapper().createObjectNode().put("duration", 3000) : CODEC.mapper().createObjectNode(),
                owner.userId(), Instant.now(), Optional.empty(), List.of("view", "control"));
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_REQUESTED, Instant.now(), "dashboard-gateway",
                commandId, deviceId, Optional.of(owner.userId()), CODEC.toTree(requested));
        bus.publish(Topics.COMMAND_REQUESTED, CODEC.encode(envelope));
        return commandId;
    }

    private static double created(ServiceProcess instance) {
        return io.doorlock.testing.PrometheusText.sum(Http.text("http://127.0.0.1:" + instance.port() + "/q/metrics"),
                "doorlock_commands_created_total");
    }

    private static String status(String commandId) {
        Document doc = commands.find(Filters.eq("_id", commandId)).first();
        return doc == null ? null : doc.getString("status");
    }

    private static String deviceUrl() {
        return "ws://127.0.0.1:" + gateway.port() + "/ws/device";
    }

    private static String deviceId(int i) {
        return fleet.get(i).id();
    }
}
