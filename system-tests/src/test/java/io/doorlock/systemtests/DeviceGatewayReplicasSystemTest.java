package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two device-gateway replicas behind one broker and one database, as behind a load balancer: commands reach a device
 * whichever replica holds its socket, and presence survives a replica's restart.
 */
class DeviceGatewayReplicasSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final List<String> JVM = ServiceConfig.JVM;

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static ServiceProcess gatewayA;
    static ServiceProcess gatewayB;
    /** Registers the devices as their owner asks, then stops. */
    static ServiceProcess dashboard;
    /** Four locks their owner registered through the public API; the fourth speaks MQTT. */
    static UserAccount.Device door1;
    static UserAccount.Device door2;
    static UserAccount.Device door3;
    static UserAccount.Device door4;

    TestMqttClient bus;

    @BeforeAll
    static void start() {
        Path root = ServiceConfig.repoRoot();
        Path logs = ServiceConfig.logs();
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        Map<String, String> config = ServiceConfig.infrastructure(broker, mongo);
        config.put("doorlock.device-gateway.presence.heartbeat-timeout", "8s");
        config.put("doorlock.device-gateway.presence.sweep-interval", "500ms");
        config.put("doorlock.device-gateway.presence.flush-interval", "300ms");
        config.putAll(broker.serviceConfig("device-gateway"));
        Map<String, String> a = new LinkedHashMap<>(config);
        a.put("doorlock.instance-id", "gw-a");
        Map<String, String> b = new LinkedHashMap<>(config);
        b.put("doorlock.instance-id", "gw-b");
        gatewayA = ServiceProcess.start(root, "device-gateway", "device-gateway-a", FreePorts.find(), JVM, a, logs);
        gatewayB = ServiceProcess.start(root, "device-gateway", "device-gateway-b", FreePorts.find(), JVM, b, logs);
        dashboard = ServiceProcess.start(root, "dashboard-gateway", "replicas-dashboard-gateway", FreePorts.find(), JVM,
                ServiceConfig.dashboardGateway(broker, mongo, TestKeys.generate()), logs);
        CompletableFuture.allOf(List.of(gatewayA, gatewayB, dashboard).stream()
                .map(s -> CompletableFuture.runAsync(() -> s.awaitReady(Duration.ofSeconds(90)))).toArray(CompletableFuture[]::new)).join();
        UserAccount owner = UserAccount.signUp("http://127.0.0.1:" + dashboard.port(), "replicas-owner");
        List<String> both = List.of(url(gatewayA), url(gatewayB));
        door1 = owner.register("Door 1", both);
        door2 = owner.register("Door 2", both);
        door3 = owner.register("Door 3", both);
        door4 = owner.register("Door 4", both);
        // The registry records stay retained on the broker (a restarted replica gets them again); this test is the gateways'.
        dashboard.stop();
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess gateway : new ServiceProcess[] {gatewayA, gatewayB, dashboard}) {
            if (gateway != null) {
                gateway.stop();
            }
        }
        broker.stop();
        mongo.stop();
    }

    @BeforeEach
    void listen() {
        bus = broker.harness().subscribe(Topics.DEVICE_EVENTS_ALL, Topics.COMMAND_DELIVERY);
    }

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void aCommandReachesTheDeviceWhicheverReplicaHoldsItsSocket() {
        double forwardedBefore = metric(gatewayA, "doorlock_commands_forwarded_total");
        try (TestWebSocket device = connect(gatewayB, door1)) {
            awaitEvent(door1.id(), "device_connected");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(dispatch(door1.id()));
            }
            for (String id : ids) {
                device.await(frame -> frame.contains(id), WAIT);
                JsonNode receipt = json(bus.await(m -> m.topic().equals(Topics.COMMAND_DELIVERY) && m.payload().contains(id), WAIT).payload());
                assertThat(receipt.at("/data/gatewayId").asText()).as("written by the replica holding the socket").isEqualTo("gw-b");
            }
        }
        assertThat(metric(gatewayA, "doorlock_commands_forwarded_total"))
                .as("the shared subscription gave replica A some of the dispatches, and A forwarded them to B")
                .isGreaterThan(forwardedBefore);
    }

    @Test
    void aDeviceThatReconnectsOnAnotherReplicaHasItsOldSocketClosedThere() {
        TestWebSocket onA = connect(gatewayA, door1);
        TestWebSocket onB = connect(gatewayB, door1); // the old socket is never closed by the device (half-open)
        assertThat(onA.awaitClose(WAIT).code()).as("closed by replica A on replica B's word").isEqualTo(4409);
        for (int i = 0; i < 4; i++) {
            String id = dispatch(door1.id());
            onB.await(frame -> frame.contains(id), WAIT);
        }
        assertThat(bus.drain()).as("no flap").filteredOn(m -> m.payload().contains("\"" + door1.id() + "\""))
                .noneMatch(m -> m.topic().endsWith("/device_disconnected"));
        onB.close();
    }

    @Test
    void anMqttDeviceGetsItsCommandFromWhicheverReplicaTakesTheDispatch() {
        // Its broker account came with its registration (dashboard-gateway provisions it).
        TestMqttClient device = TestMqttClient.connect(broker.port(), door4.id(), Optional.of(door4.id()), Optional.of(door4.token()),
                Optional.of(new TestMqttClient.Will(Topics.deviceStatus(door4.id()), "offline")));
        device.subscribe(Topics.deviceCommands(door4.id()));
        device.publishRetained(Topics.deviceStatus(door4.id()), "online");
        awaitEvent(door4.id(), "device_connected");
        for (int i = 0; i < 4; i++) {
            String id = dispatch(door4.id());
            device.await(m -> m.payload().contains(id), WAIT);
        }
        assertThat(device.drain()).as("each command published once").isEmpty();
        device.kill();
        assertThat(awaitEvent(door4.id(), "device_disconnected").at("/data/data/reason").asText()).isEqualTo("mqtt_offline");
    }

    @Test
    void presenceSurvivesTheRestartOfTheReplicaThatHeldTheSockets() throws Exception {
        TestWebSocket staying = connect(gatewayA, door2);
        awaitEvent(door2.id(), "device_connected");
        TestWebSocket leaving = connect(gatewayA, door3);
        awaitEvent(door3.id(), "device_connected");
        long stoppedAt = System.nanoTime();
        gatewayA.stop();
        staying.awaitClose(WAIT);
        leaving.awaitClose(WAIT);

        // door-2 reconnects at once (the load balancer sends it to B) and heartbeats there; door-3 never comes back.
        TestWebSocket onB = connect(gatewayB, door2);
        java.util.concurrent.ScheduledExecutorService heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> onB.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"" + door2.id() + "\",\"batteryLevel\":70}}"),
                0, 1, java.util.concurrent.TimeUnit.SECONDS);
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            gatewayA.restart();
            gatewayA.awaitReady(Duration.ofSeconds(90));
            UserAccount.awaitAccepted(door2, url(gatewayA)); // the retained registry records have reached it again
        });
        JsonNode gone = awaitEvent(door3.id(), "device_disconnected");
        assertThat(gone.at("/data/data/reason").asText()).isEqualTo("heartbeat_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("reported after the 8 s timeout").isGreaterThan(Duration.ofSeconds(7));
        restart.get();

        // door-2 moves back to the restarted A: still one presence, reachable there.
        heartbeats.shutdownNow();
        TestWebSocket onA = connect(gatewayA, door2);
        onB.close();
        String id = dispatch(door2.id());
        onA.await(frame -> frame.contains(id), WAIT);
        assertThat(bus.drain()).as("door-2 never went offline through all of this")
                .noneMatch(m -> m.topic().endsWith("/device_disconnected") && m.payload().contains("\"" + door2.id() + "\""));
        onA.close();
    }

    private TestWebSocket connect(ServiceProcess gateway, UserAccount.Device device) {
        TestWebSocket socket = TestWebSocket.connect("ws://127.0.0.1:" + gateway.port() + "/ws/device?deviceId=" + device.id(),
                Map.of("Authorization", "Bearer " + device.token()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }

    private static String url(ServiceProcess gateway) {
        return "http://127.0.0.1:" + gateway.port();
    }

    private String dispatch(String deviceId) {
        String commandId = UUID.randomUUID().toString();
        CommandDispatch dispatch = new CommandDispatch(commandId, deviceId, CommandType.UNLOCK_DOOR,
                CODEC.mapper().createObjectNode().put("duration", 3000), 1, Instant.now().plusSeconds(30), Optional.empty());
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_DISPATCH, Instant.now(), "command-service",
                "corr-" + commandId, deviceId, Optional.empty(), CODEC.toTree(dispatch));
        bus.publish(Topics.COMMAND_DISPATCH, CODEC.encode(envelope));
        return commandId;
    }

    private JsonNode awaitEvent(String deviceId, String event) {
        return json(bus.await(m -> m.topic().equals(Topics.busDeviceEvent(event)) && deviceId.equals(json(m.payload()).at("/deviceId").asText()), WAIT).payload());
    }

    private static double metric(ServiceProcess gateway, String name) {
        return io.doorlock.testing.PrometheusText.sum(Http.text("http://127.0.0.1:" + gateway.port() + "/q/metrics"), name);
    }

    private static JsonNode json(String text) {
        try {
            return CODEC.mapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
