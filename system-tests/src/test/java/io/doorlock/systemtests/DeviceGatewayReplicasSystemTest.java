package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
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
        ServiceConfig.staticDevices(config, "owner-1", List.of("door-1", "door-2", "door-3", "door-4"));
        config.putAll(broker.serviceConfig("device-gateway"));
        Map<String, String> a = new LinkedHashMap<>(config);
        a.put("doorlock.instance-id", "gw-a");
        Map<String, String> b = new LinkedHashMap<>(config);
        b.put("doorlock.instance-id", "gw-b");
        gatewayA = ServiceProcess.start(root, "device-gateway", "device-gateway-a", FreePorts.find(), JVM, a, logs);
        gatewayB = ServiceProcess.start(root, "device-gateway", "device-gateway-b", FreePorts.find(), JVM, b, logs);
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> gatewayA.awaitReady(Duration.ofSeconds(90))),
                CompletableFuture.runAsync(() -> gatewayB.awaitReady(Duration.ofSeconds(90)))).join();
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess gateway : new ServiceProcess[] {gatewayA, gatewayB}) {
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
        try (TestWebSocket device = connect(gatewayB, "door-1")) {
            awaitEvent("door-1", "device_connected");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(dispatch("door-1"));
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
        TestWebSocket onA = connect(gatewayA, "door-1");
        TestWebSocket onB = connect(gatewayB, "door-1"); // the old socket is never closed by the device (half-open)
        assertThat(onA.awaitClose(WAIT).code()).as("closed by replica A on replica B's word").isEqualTo(4409);
        for (int i = 0; i < 4; i++) {
            String id = dispatch("door-1");
            onB.await(frame -> frame.contains(id), WAIT);
        }
        assertThat(bus.drain()).as("no flap").filteredOn(m -> m.payload().contains("\"door-1\""))
                .noneMatch(m -> m.topic().endsWith("/device_disconnected"));
        onB.close();
    }

    @Test
    void anMqttDeviceGetsItsCommandFromWhicheverReplicaTakesTheDispatch() {
        broker.provisionDevice("door-4", "token-door-4");
        TestMqttClient device = TestMqttClient.connect(broker.port(), "door-4", Optional.of("door-4"), Optional.of("token-door-4"),
                Optional.of(new TestMqttClient.Will(Topics.deviceStatus("door-4"), "offline")));
        device.subscribe(Topics.deviceCommands("door-4"));
        device.publishRetained(Topics.deviceStatus("door-4"), "online");
        awaitEvent("door-4", "device_connected");
        for (int i = 0; i < 4; i++) {
            String id = dispatch("door-4");
            device.await(m -> m.payload().contains(id), WAIT);
        }
        assertThat(device.drain()).as("each command published once").isEmpty();
        device.kill();
        assertThat(awaitEvent("door-4", "device_disconnected").at("/data/data/reason").asText()).isEqualTo("mqtt_offline");
    }

    @Test
    void presenceSurvivesTheRestartOfTheReplicaThatHeldTheSockets() throws Exception {
        TestWebSocket staying = connect(gatewayA, "door-2");
        awaitEvent("door-2", "device_connected");
        TestWebSocket leaving = connect(gatewayA, "door-3");
        awaitEvent("door-3", "device_connected");
        long stoppedAt = System.nanoTime();
        gatewayA.stop();
        staying.awaitClose(WAIT);
        leaving.awaitClose(WAIT);

        // door-2 reconnects at once (the load balancer sends it to B) and heartbeats there; door-3 never comes back.
        TestWebSocket onB = connect(gatewayB, "door-2");
        java.util.concurrent.ScheduledExecutorService heartbeats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleAtFixedRate(() -> onB.send("{\"event\":\"device_heartbeat\",\"data\":{\"deviceId\":\"door-2\",\"batteryLevel\":70}}"),
                0, 1, java.util.concurrent.TimeUnit.SECONDS);
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
            gatewayA.restart();
            gatewayA.awaitReady(Duration.ofSeconds(90));
        });
        JsonNode gone = awaitEvent("door-3", "device_disconnected");
        assertThat(gone.at("/data/data/reason").asText()).isEqualTo("heartbeat_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("reported after the 8 s timeout").isGreaterThan(Duration.ofSeconds(7));
        restart.get();

        // door-2 moves back to the restarted A: still one presence, reachable there.
        heartbeats.shutdownNow();
        TestWebSocket onA = connect(gatewayA, "door-2");
        onB.close();
        String id = dispatch("door-2");
        onA.await(frame -> frame.contains(id), WAIT);
        assertThat(bus.drain()).as("door-2 never went offline through all of this")
                .noneMatch(m -> m.topic().endsWith("/device_disconnected") && m.payload().contains("\"door-2\""));
        onA.close();
    }

    private TestWebSocket connect(ServiceProcess gateway, String deviceId) {
        TestWebSocket socket = TestWebSocket.connect("ws://127.0.0.1:" + gateway.port() + "/ws/device?deviceId=" + deviceId,
                Map.of("Authorization", "Bearer token-" + deviceId));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
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
