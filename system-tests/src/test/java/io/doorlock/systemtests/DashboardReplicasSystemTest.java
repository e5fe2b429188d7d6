package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.dashboard.NewVisitor;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.FreePorts;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.BusKeys;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestKeys;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two dashboard-gateway replicas: each delivers every event to its own dashboards, and only to those who may see it. */
class DashboardReplicasSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(15);

    static MosquittoBroker broker;
    static MongoWireServer mongo;
    static TestKeys keys;
    static ServiceProcess replicaA;
    static ServiceProcess replicaB;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        keys = TestKeys.generate();
        Map<String, String> config = ServiceConfig.infrastructure(broker, mongo);
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        config.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        config.put("doorlock.dashboard-gateway.static-devices.door-1.owner", "owner-1");
        config.put("doorlock.dashboard-gateway.static-devices.door-1.shared.viewer-1", "view");
        config.putAll(broker.serviceConfig("dashboard-gateway"));
        Map<String, String> a = new LinkedHashMap<>(config);
        a.put("doorlock.instance-id", "dash-a");
        Map<String, String> b = new LinkedHashMap<>(config);
        b.put("doorlock.instance-id", "dash-b");
        replicaA = ServiceProcess.start(ServiceConfig.repoRoot(), "dashboard-gateway", "dashboard-gateway-a", FreePorts.find(), ServiceConfig.JVM, a,
                ServiceConfig.logs());
        replicaB = ServiceProcess.start(ServiceConfig.repoRoot(), "dashboard-gateway", "dashboard-gateway-b", FreePorts.find(), ServiceConfig.JVM, b,
                ServiceConfig.logs());
        CompletableFuture.allOf(CompletableFuture.runAsync(() -> replicaA.awaitReady(Duration.ofSeconds(90))),
                CompletableFuture.runAsync(() -> replicaB.awaitReady(Duration.ofSeconds(90)))).join();
        // Access tokens are honoured only for users that exist: create them as registration would.
        try (var client = com.mongodb.client.MongoClients.create(mongo.connectionString())) {
            var users = client.getDatabase("doorlock_dashboard").getCollection("users");
            for (String id : List.of("owner-1", "viewer-1", "stranger-1")) {
                users.insertOne(new org.bson.Document("_id", id).append("username", id).append("usernameKey", id)
                        .append("email", id + "@example.com").append("emailKey", id + "@example.com").append("passwordHash", "unused")
                        .append("role", "user").append("createdAt", java.util.Date.from(Instant.now().minusSeconds(60))));
            }
        }
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess s : new ServiceProcess[] {replicaA, replicaB}) {
            if (s != null) {
                s.stop();
            }
        }
        broker.stop();
        mongo.stop();
    }

    @Test
    void eachReplicaDeliversToItsOwnDashboardsAndNobodyElse() throws Exception {
        try (TestMqttClient bus = broker.harness();
                TestWebSocket owner = dashboard(replicaA, "owner-1");
                TestWebSocket viewer = dashboard(replicaB, "viewer-1");
                TestWebSocket stranger = dashboard(replicaB, "stranger-1")) {
            String visitorId = "0123456789abcdef0123" + UUID.randomUUID().toString().substring(0, 4);
            publish(bus, Topics.VISITOR_NEW, BusTypes.VISITOR_NEW, new NewVisitor(visitorId, "/api/door/logs/" + visitorId + "/image", "door-1", Instant.now()));
            String commandId = UUID.randomUUID().toString();
            publish(bus, Topics.COMMAND_STATUS, BusTypes.COMMAND_STATUS, new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR,
                    CommandState.EXECUTED, Optional.empty(), Instant.now(), 4, "owner-1"));
            var connected = CODEC.mapper().createObjectNode().put("deviceId", "door-1").put("deviceName", "Front Door").put("timestamp", Instant.now().toString());
            publish(bus, Topics.busDeviceEvent("device_connected"), BusTypes.DEVICE_EVENT, new DeviceEventReceived("door-1", Optional.of("owner-1"),
                    "device_connected", connected, Instant.now(), new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.WEBSOCKET)));

            for (TestWebSocket allowed : List.of(owner, viewer)) {
                allowed.await(f -> f.contains("new_visitor") && f.contains(visitorId), WAIT);
                allowed.await(f -> f.contains("command_status") && f.contains(commandId), WAIT);
                allowed.await(f -> f.contains("device_connected") && f.contains("door-1"), WAIT);
            }
            Thread.sleep(500);
            assertThat(stranger.drain()).as("the stranger on replica B").noneMatch(f -> f.contains("door-1"));
        }
    }

    private static void publish(TestMqttClient bus, String topic, String type, Object data) {
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), type, Instant.now(), BusKeys.producerFor(type), UUID.randomUUID().toString(),
                "door-1", Optional.empty(), CODEC.toTree(data));
        bus.publish(topic, CODEC.encode(envelope));
    }

    private static TestWebSocket dashboard(ServiceProcess replica, String userId) {
        TestWebSocket socket = TestWebSocket.connect("ws://127.0.0.1:" + replica.port() + "/ws/dashboard",
                Map.of("Authorization", "Bearer " + keys.token(userId, userId, "user")));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }
}
