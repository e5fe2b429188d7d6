package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults under load, and nothing lost. Ten door locks (real WebSocket clients of device-gateway) execute the commands
 * an owner's dashboard asks for, and send events with request ids, repeating any the platform answers UNAVAILABLE. During the
 * load the broker is stopped for 10 s, or command-service is killed with SIGKILL. Afterwards:
 * <ul>
 *   <li>every command that was requested ends in a final state, and {@code executed} exactly when the device really
 *       executed it;</li>
 *   <li>every event a device sent is in the audit trail exactly once.</li>
 * </ul>
 */
class FaultSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Set<String> FINAL = Set.of("executed", "failed", "expired", "timed_out", "cancelled");
    static final int DEVICES = 10;

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    /** The services reach the wire server through this proxy, so the database can be taken away without emptying it. */
    static io.doorlock.testing.TcpProxy database;
    static ServiceProcess gateway;
    static ServiceProcess commands;
    static ServiceProcess audit;
    static ServiceProcess dashboard;
    static io.doorlock.testing.TestKeys keys;
    static MongoClient client;
    /** The owner of the ten locks, signed up through the public API. */
    static UserAccount lockOwner;
    /** The ten locks, registered by their owner through the public API. */
    static List<UserAccount.Device> locks;

    List<FakeDevice> devices = new ArrayList<>();
    final Map<String, String> requested = new ConcurrentHashMap<>(); // commandId -> deviceId
    final AtomicInteger refused = new AtomicInteger();
    /** Request ids of this test's events, unique across the tests of this class. */
    final String run = UUID.randomUUID().toString().substring(0, 8);
    Instant started;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        database = io.doorlock.testing.TcpProxy.start(mongo.port());
        Map<String, String> common = new LinkedHashMap<>(ServiceConfig.infrastructure(broker, mongo));
        common.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + database.port());
        Map<String, String> device = new LinkedHashMap<>(common);
        device.put("doorlock.device-gateway.rate-limit.frames-per-second", "200");
        device.put("doorlock.device-gateway.rate-limit.burst", "400");
        device.put("doorlock.bus.publish-timeout", "2s");
        Map<String, String> command = new LinkedHashMap<>(common);
        command.put("doorlock.commands.ack-timeout", "3s");
        command.put("doorlock.commands.sweep-interval", "250ms");
        command.put("doorlock.instance-id", "commands-fault");
        keys = io.doorlock.testing.TestKeys.generate();
        Map<String, String> dash = new LinkedHashMap<>(common);
        dash.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        dash.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        dash.put("doorlock.bus.publish-timeout", "2s");
        Map<String, String> auditConfig = new LinkedHashMap<>(common);
        auditConfig.put("doorlock.instance-id", "audit-fault");
        device.putAll(broker.serviceConfig("device-gateway"));
        command.putAll(broker.serviceConfig("command-service"));
        dash.putAll(broker.serviceConfig("dashboard-gateway"));
        auditConfig.putAll(broker.serviceConfig("audit-service"));
        gateway = ServiceProcess.start(ServiceConfig.repoRoot(), "device-gateway", "fault-device-gateway", FreePorts.find(), ServiceConfig.JVM, device,
                ServiceConfig.logs());
        commands = ServiceProcess.start(ServiceConfig.repoRoot(), "command-service", "fault-command-service", FreePorts.find(), ServiceConfig.JVM,
                command, ServiceConfig.logs());
        audit = ServiceProcess.start(ServiceConfig.repoRoot(), "audit-service", "fault-audit-service", FreePorts.find(), ServiceConfig.JVM,
                auditConfig, ServiceConfig.logs());
        dashboard = ServiceProcess.start(ServiceConfig.repoRoot(), "dashboard-gateway", "fault-dashboard-gateway", FreePorts.find(), ServiceConfig.JVM,
                dash, ServiceConfig.logs());
        CompletableFuture.allOf(List.of(gateway, commands, audit, dashboard).stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(90)))).toArray(CompletableFuture[]::new)).join();
        client = MongoClients.create(mongo.connectionString());
        lockOwner = UserAccount.signUp("http://127.0.0.1:" + dashboard.port(), "fault-owner");
        List<String> gatewayUrl = List.of("http://127.0.0.1:" + gateway.port());
        locks = IntStream.range(0, DEVICES).mapToObj(i -> lockOwner.register("Lock " + i, gatewayUrl)).toList();
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess s : new ServiceProcess[] {gateway, commands, audit, dashboard}) {
            if (s != null) {
                s.stop();
            }
        }
        if (client != null) {
            client.close();
        }
        broker.stop();
        database.close();
        mongo.stop();
    }

    @BeforeEach
    void connect() {
        for (int i = 0; i < DEVICES; i++) {
            devices.add(FakeDevice.connect(locks.get(i), "ws://127.0.0.1:" + gateway.port() + "/ws/device", id -> false));
        }
    }

    @AfterEach
    void disconnect() {
        devices.forEach(FakeDevice::close);
    }

    @Test
    void theBrokerStoppedForTenSecondsUnderLoadLosesNothing() throws Exception {
        underLoad(() -> {
            broker.stop();
            sleep(10_000);
            broker.startAgain();
        });
        List.of(gateway, commands, audit, dashboard).forEach(s -> s.awaitReady(Duration.ofSeconds(60)));
        assertNothingLost();
    }

    @Test
    void commandServiceKilledUnderLoadLosesNothing() throws Exception {
        underLoad(() -> {
            commands.kill();
            sleep(2_000);
            commands.restart();
            commands.awaitReady(Duration.ofSeconds(90));
        });
        assertNothingLost();
    }

    /**
     * device-gateway is killed while ten simulated devices (they reconnect with backoff and full jitter, as firmware
     * should) are connected, and commands are asked for while it is down. The devices come back on the restarted
     * gateway and every queued command reaches its device and ends executed.
     */
    @Test
    void deviceGatewayKilledWhileDevicesAreConnectedTheyReconnectAndQueuedCommandsFlow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        devices.forEach(FakeDevice::close); // this test's devices are the simulator's
        devices.clear();
        java.nio.file.Path fleet = dir.resolve("fleet.csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < DEVICES; i++) {
            csv.append(locks.get(i).id()).append(',').append(locks.get(i).token()).append('\n');
        }
        java.nio.file.Files.writeString(fleet, csv);
        io.doorlock.simulator.SimulatorOptions options = io.doorlock.simulator.SimulatorOptions.parse("--devices", String.valueOf(DEVICES),
                "--credentials", fleet.toString(), "--device-url", "http://127.0.0.1:" + gateway.port(),
                "--dashboard-url", "http://127.0.0.1:" + dashboard.port(), "--heartbeat", "2s",
                "--events-per-minute", "0", "--ack-latency", "50ms", "--report-every", "2s");
        try (io.doorlock.simulator.DeviceSimulator simulator = io.doorlock.simulator.DeviceSimulator.start(options, line -> { })) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> simulator.counters().connected() == DEVICES);
            gateway.kill(); // SIGKILL: sockets drop without a close frame
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> simulator.counters().connected() == 0);

            List<String> queued = new ArrayList<>();
            try (io.doorlock.testing.TestWebSocket owner = io.doorlock.testing.TestWebSocket.connect(
                    "ws://127.0.0.1:" + dashboard.port() + "/ws/dashboard", Map.of("Authorization", "Bearer " + lockOwner.accessToken()))) {
                owner.awaitEvent("authenticated", Duration.ofSeconds(10));
                for (int i = 0; i < DEVICES; i++) {
                    String req = run + "-down-" + i;
                    owner.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId(i) + "\",\"command\":\"unlock_door\",\"payload\":{\"duration\":3000}},\"id\":\"" + req + "\"}");
                    String commandId = CODEC.mapper().readTree(owner.await(f -> f.contains("\"" + req + "\""), Duration.ofSeconds(10))).at("/data/commandId").asText();
                    assertThat(commandId).as("the request is taken while no gateway runs").isNotBlank();
                    queued.add(commandId);
                }
            }
            gateway.restart();
            gateway.awaitReady(Duration.ofSeconds(90));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> simulator.counters().connected() == DEVICES);
            MongoCollection<Document> commandDocs = client.getDatabase("doorlock_commands").getCollection("commands");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).alias("queued commands executed")
                    .until(() -> queued.stream().allMatch(id -> {
                        Document d = commandDocs.find(Filters.eq("_id", id)).first();
                        return d != null && "executed".equals(d.getString("status"));
                    }));
            assertThat(simulator.counters().commands()).as("each command reached its device once").isEqualTo(DEVICES);
            assertThat(simulator.counters().reconnects()).isGreaterThanOrEqualTo(DEVICES);
        }
    }

    /**
     * A door receives an unlock, carries it out, and loses Wi-Fi before its acks leave. It comes back on a new
     * connection; the platform sends the command again, the door answers {@code executed} without unlocking twice,
     * and the command ends {@code executed}.
     */
    @Test
    void aDeviceThatDropsInTheMiddleOfACommandIsNotUnlockedTwice() throws Exception {
        String url = "ws://127.0.0.1:" + gateway.port() + "/ws/device";
        devices.get(0).close();
        FakeDevice door = FakeDevice.connect(locks.get(0), url, id -> true); // executes, but the acks never leave
        devices.set(0, door);
        String commandId;
        try (io.doorlock.testing.TestWebSocket owner = io.doorlock.testing.TestWebSocket.connect(
                "ws://127.0.0.1:" + dashboard.port() + "/ws/dashboard", Map.of("Authorization", "Bearer " + lockOwner.accessToken()))) {
            owner.awaitEvent("authenticated", Duration.ofSeconds(10));
            owner.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId(0) + "\",\"command\":\"unlock_door\",\"payload\":{\"duration\":3000}},\"id\":\"drop-1\"}");
            commandId = CODEC.mapper().readTree(owner.await(f -> f.contains("\"drop-1\""), Duration.ofSeconds(10))).at("/data/commandId").asText();
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> door.deliveriesOf(commandId) == 1);
            door.close(); // Wi-Fi gone, acks with it
            FakeDevice back = FakeDevice.reconnect(door, url);
            devices.set(0, back);
            owner.await(f -> f.contains(commandId) && f.contains("\"status\":\"executed\""), Duration.ofSeconds(30));
            assertThat(back.deliveriesOf(commandId)).as("sent again to the new connection").isGreaterThanOrEqualTo(1);
        }
        assertThat(door.executions.get()).as("unlocked once").isEqualTo(1);
        assertThat(client.getDatabase("doorlock_commands").getCollection("commands").find(Filters.eq("_id", commandId)).first().getString("status"))
                .isEqualTo("executed");
    }

    @Test
    void theDatabaseAwayForSecondsAnswers503AndLeavesNothingHalfWritten() {
        String jwt = lockOwner.accessToken();
        String dashboardUrl = "http://127.0.0.1:" + dashboard.port();
        database.cut();
        try {
            Http.Answer refused = Http.call("POST", dashboardUrl + "/api/device/register", jwt,
                    "{\"name\":\"Cellar " + run + "\",\"espId\":\"ESP-" + run + "\",\"deviceType\":\"door-lock\"}");
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.body().at("/success").asBoolean(true)).isFalse();
            io.doorlock.testing.HealthProbes.awaitStatus(java.net.URI.create(dashboardUrl + "/"), "/q/health/ready", 503, Duration.ofSeconds(20));
        } finally {
            database.restore();
        }
        List.of(gateway, commands, audit, dashboard).forEach(s -> s.awaitReady(Duration.ofSeconds(60)));

        // Nothing half-written: the refused registration left no device behind, and registering works again.
        Http.Answer mine = Http.call("GET", dashboardUrl + "/api/device", jwt, null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().toString()).doesNotContain("Cellar " + run);
        Http.Answer registered = Http.call("POST", dashboardUrl + "/api/device/register", jwt,
                "{\"name\":\"Cellar " + run + "\",\"espId\":\"ESP-" + run + "\",\"deviceType\":\"door-lock\"}");
        assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
        assertThat(Http.call("GET", dashboardUrl + "/api/device", jwt, null).body().toString()).containsOnlyOnce("Cellar " + run);

        // And commands flow: under load again, every command ends as its device really ended it.
        try {
            underLoad(() -> { });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertNothingLost();
    }

    /**
     * Runs load for 4 s, then {@code fault}, then 4 s more: every device sends an event each 500 ms, and an owner's
     * dashboard asks for a command every 100 ms over its WebSocket, as a user would. A request counts once the
     * dashboard answered it with a command id; one refused with an error was never made.
     */
    private void underLoad(Runnable fault) throws Exception {
        started = Instant.now();
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> events = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (running.get()) {
                devices.get(n % DEVICES).sendEvent(run + "-" + n);
                n++;
                sleep(50);
            }
        });
        CompletableFuture<Void> requests = CompletableFuture.runAsync(() -> {
            try (io.doorlock.testing.TestWebSocket owner = io.doorlock.testing.TestWebSocket.connect(
                    "ws://127.0.0.1:" + dashboard.port() + "/ws/dashboard", Map.of("Authorization", "Bearer " + lockOwner.accessToken()))) {
                owner.awaitEvent("authenticated", Duration.ofSeconds(10));
                int n = 0;
                while (running.get()) {
                    String deviceId = deviceId(n % DEVICES);
                    String req = run + "-req-" + n++;
                    owner.send("{\"event\":\"send_command\",\"data\":{\"deviceId\":\"" + deviceId + "\",\"command\":\"lock_door\"},\"id\":\"" + req + "\"}");
                    try {
                        com.fasterxml.jackson.databind.JsonNode reply = CODEC.mapper().readTree(owner.await(f -> f.contains("\"" + req + "\""), Duration.ofSeconds(5)));
                        String commandId = reply.at("/data/commandId").asText("");
                        if (!"error".equals(reply.at("/event").asText()) && !commandId.isEmpty()) {
                            requested.put(commandId, deviceId);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                    sleep(100);
                }
            }
        });
        sleep(4_000);
        fault.run();
        sleep(4_000);
        running.set(false);
        events.get();
        requests.get();
        assertThat(requested).as("commands requested (%d refused)", refused.get()).hasSizeGreaterThan(20);
    }

    private void assertNothingLost() {
        MongoCollection<Document> commandDocs = client.getDatabase("doorlock_commands").getCollection("commands");
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).alias("every requested command final")
                .until(() -> requested.keySet().stream().allMatch(id -> {
                    Document d = commandDocs.find(Filters.eq("_id", id)).first();
                    return d != null && FINAL.contains(d.getString("status"));
                }));
        Map<String, FakeDevice> byId = new LinkedHashMap<>();
        devices.forEach(d -> byId.put(d.deviceId, d));
        for (Map.Entry<String, String> e : requested.entrySet()) {
            String status = commandDocs.find(Filters.eq("_id", e.getKey())).first().getString("status");
            boolean done = byId.get(e.getValue()).executed(e.getKey());
            assertThat(status.equals("executed")).as("command %s is %s, device executed it: %s", e.getKey(), status, done).isEqualTo(done);
        }

        MongoCollection<Document> auditDocs = client.getDatabase("doorlock_audit").getCollection("device_events");
        MongoCollection<Document> audit = auditDocs;
        List<String> expected = new ArrayList<>();
        devices.forEach(d -> d.events.keySet().forEach(id -> expected.add(messageId(d.deviceId, id))));
        Map<String, String> requestIdOf = new LinkedHashMap<>();
        devices.forEach(d -> d.events.keySet().forEach(id -> requestIdOf.put(messageId(d.deviceId, id), d.deviceId + "/" + id)));
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).alias("every event in the audit trail")
                    .until(() -> audit.countDocuments(Filters.in("_id", expected)) == expected.size());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<String> found = new java.util.HashSet<>();
            audit.find(Filters.in("_id", expected)).forEach(d -> found.add(d.getString("_id")));
            List<String> missing = expected.stream().filter(id -> !found.contains(id)).map(requestIdOf::get).sorted().toList();
            String auditMetrics = Http.text("http://127.0.0.1:" + FaultSystemTest.audit.port() + "/q/metrics").lines()
                    .filter(l -> l.startsWith("doorlock_audit_events_total") || l.startsWith("doorlock_audit_pending") || l.startsWith("doorlock_mqtt")).toList().toString();
            String gatewayMetrics = Http.text("http://127.0.0.1:" + gateway.port() + "/q/metrics").lines()
                    .filter(l -> l.startsWith("doorlock_device_messages_in_total") || l.startsWith("doorlock_mqtt")).toList().toString();
            long afterStart = auditDocs.countDocuments(Filters.gte("timestamp", started));
            throw new AssertionError(missing.size() + " of " + expected.size() + " events never reached the audit trail; audit docs since start "
                    + afterStart + "; audit " + auditMetrics + "; gateway " + gatewayMetrics + "; missing " + missing, e);
        }
        // Exactly once: no copy stored under another id (the unique _id rules out two under the same one).
        long stored = audit.countDocuments(Filters.and(Filters.eq("eventType", "door_status_changed"),
                Filters.in("deviceId", devices.stream().map(d -> d.deviceId).toList()), Filters.gte("timestamp", started)));
        assertThat(stored).as("events stored, %d retries after UNAVAILABLE", devices.stream().mapToInt(d -> d.eventRetries.get()).sum())
                .isEqualTo(expected.size());
    }

    /** The bus message id device-gateway derives from (device, event, request id). */
    static String messageId(String deviceId, String requestId) {
        return UUID.nameUUIDFromBytes(("device-event\n" + deviceId + "\ndoor_status_changed\n" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String deviceId(int i) {
        return locks.get(i).id();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
