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
    /** Signed up through the public API: Olive owns the front door, Victor may view it, Stan is a stranger to it. */
    static UserAccount olive;
    static UserAccount victor;
    static UserAccount stan;
    /** Olive's door lock, registered through the public API and shared with Victor ({@code view}). */
    static UserAccount.Device frontDoor;

    @BeforeAll
    static void start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        keys = TestKeys.generate();
        Map<String, String> config = ServiceConfig.dashboardGateway(broker, mongo, keys);
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
        String url = "http://127.0.0.1:" + replicaA.port();
        olive = UserAccount.signUp(url, "olive");
        victor = UserAccount.signUp(url, "victor");
        stan = UserAccount.signUp(url, "stan");
        frontDoor = olive.register("Front Door", List.of()); // no device-gateway here: the door never connects
        olive.share(frontDoor, victor, "view");
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
                TestWebSocket owner = dashboard(replicaA, olive);
                TestWebSocket viewer = dashboard(replicaB, victor);
                TestWebSocket stranger = dashboard(replicaB, stan)) {
            String visitorId = "0123456789abcdef0123" + UUID.randomUUID().toString().substring(0, 4);
            publish(bus, Topics.VISITOR_NEW, BusTypes.VISITOR_NEW, new NewVisitor(visitorId, "/api/door/logs/" + visitorId + "/image", frontDoor.id(),
                    Instant.now()));
            String commandId = UUID.randomUUID().toString();
            publish(bus, Topics.COMMAND_STATUS, BusTypes.COMMAND_STATUS, new CommandStatusChanged(commandId, frontDoor.id(), CommandType.UNLOCK_DOOR,
                    CommandState.EXECUTED, Optional.empty(), Instant.now(), 4, olive.userId()));
            var connected = CODEC.mapper().createObjectNode().put("deviceId", frontDoor.id()).put("deviceName", "Front Door").put("timestamp", Instant.now().toString());
            publish(bus, Topics.busDeviceEvent("device_connected"), BusTypes.DEVICE_EVENT, new DeviceEventReceived(frontDoor.id(), Optional.of(olive.userId()),
                    "device_connected", connected, Instant.now(), new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.WEBSOCKET)));

            for (TestWebSocket allowed : List.of(owner, viewer)) {
                allowed.await(f -> f.contains("new_visitor") && f.contains(visitorId), WAIT);
                allowed.await(f -> f.contains("command_status") && f.contains(commandId), WAIT);
                allowed.await(f -> f.contains("device_connected") && f.contains(frontDoor.id()), WAIT);
            }
            // The markers: Olive now shares the door with Stan too, and one more event of each kind follows on the same
            // channel for the same door (one device's events are handled in order). Stan hears the markers, so the
            // events before them have been handled by his replica, and he heard none of those.
            olive.share(frontDoor, stan, "view");
            String laterVisitorId = "fedcba9876543210fedc" + UUID.randomUUID().toString().substring(0, 4);
            publish(bus, Topics.VISITOR_NEW, BusTypes.VISITOR_NEW, new NewVisitor(laterVisitorId, "/api/door/logs/" + laterVisitorId + "/image",
                    frontDoor.id(), Instant.now()));
            String laterCommandId = UUID.randomUUID().toString();
            publish(bus, Topics.COMMAND_STATUS, BusTypes.COMMAND_STATUS, new CommandStatusChanged(laterCommandId, frontDoor.id(), CommandType.LOCK_DOOR,
                    CommandState.EXECUTED, Optional.empty(), Instant.now(), 4, olive.userId()));
            var disconnected = CODEC.mapper().createObjectNode().put("deviceId", frontDoor.id()).put("timestamp", Instant.now().toString());
            publish(bus, Topics.busDeviceEvent("device_disconnected"), BusTypes.DEVICE_EVENT, new DeviceEventReceived(frontDoor.id(),
                    Optional.of(olive.userId()), "device_disconnected", disconnected, Instant.now(),
                    new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.WEBSOCKET)));
            stranger.await(f -> f.contains("new_visitor") && f.contains(laterVisitorId), WAIT);
            stranger.await(f -> f.contains("command_status") && f.contains(laterCommandId), WAIT);
            stranger.await(f -> f.contains("device_disconnected") && f.contains(frontDoor.id()), WAIT);
            assertThat(stranger.drain()).as("the stranger on replica B, before the door was shared with him")
                    .noneMatch(f -> f.contains(visitorId) || f.contains(commandId) || f.contains("device_connected"));
        }
    }

    private static void publish(TestMqttClient bus, String topic, String type, Object data) {
        BusEnvelope envelope = new BusEnvelope(UUID.randomUUID().toString(), type, Instant.now(), BusKeys.producerFor(type), UUID.randomUUID().toString(),
                frontDoor.id(), Optional.empty(), CODEC.toTree(data));
        bus.publish(topic, CODEC.encode(envelope));
    }

    private static TestWebSocket dashboard(ServiceProcess replica, UserAccount user) {
        TestWebSocket socket = TestWebSocket.connect("ws://127.0.0.1:" + replica.port() + "/ws/dashboard",
                Map.of("Authorization", "Bearer " + user.token()));
        socket.awaitEvent("authenticated", WAIT);
        return socket;
    }
}
