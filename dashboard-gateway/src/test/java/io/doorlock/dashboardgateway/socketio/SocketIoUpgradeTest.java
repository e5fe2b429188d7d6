package io.doorlock.dashboardgateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.socketio.SocketIoRequestGate.Kind;
import io.doorlock.dashboardgateway.user.TestUsers;
import io.doorlock.dashboardgateway.registry.DeviceRepository;
import io.doorlock.dashboardgateway.registry.TestDevices;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.SocketIoClient;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from polling to WebSocket, with the official socket.io-client at the production ping interval (25 s):
 * what is sent while the client upgrades arrives at once, not with the next ping. {@link SocketIoRequestGate} makes
 * the race that happens by chance on a real network happen every time: the client's next long-poll is still on its
 * way when the upgrade probe arrives. The client, told by the probe's answer to upgrade, waits for that poll to return
 * before it finishes the upgrade, and meanwhile holds back whatever it emits.
 */
@QuarkusTest
@TestProfile(SocketIoUpgradeTest.ProductionPings.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class SocketIoUpgradeTest {

    public static class ProductionPings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("doorlock.socketio.ping-interval", "25s", "doorlock.socketio.ping-timeout", "20s");
        }
    }

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(15);
    /** Far below the 25 s ping that ended the wait before the fix, far above what a slow machine needs. */
    static final Duration PROMPTLY = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI root;

    @Inject
    UserRepository users;

    @Inject
    DeviceRepository devices;

    @Inject
    SocketIoRequestGate gate;

    TestMqttClient bus;

    @BeforeEach
    void setUp() {
        TestUsers.ensure(users, "user-1", "user-3");
        TestDevices.ensureDoors(devices);
        bus = DoorlockInfrastructure.broker().harness().subscribe(Topics.COMMAND_REQUESTED);
    }

    @AfterEach
    void tearDown() {
        gate.releaseAll();
        bus.close();
    }

    @Test
    void aCommandEmittedDuringTheUpgradeIsSentAtOnce() throws InterruptedException {
        try (SocketIoClient dashboard = upgradingDashboard("user-3")) {
            dashboard.emit("send_command", "{\"deviceId\":\"door-1\",\"command\":\"unlock_door\",\"payload\":{\"duration\":5000}}");
            gate.release(Kind.POLL); // the poll reaches the server after the probe

            JsonNode sent = dashboard.awaitEvent("command_sent", PROMPTLY);
            String commandId = sent.at("/data/commandId").asText();
            bus.await(m -> new String(m.payload()).contains(commandId), PROMPTLY);
            assertThat(dashboard.awaitType("upgrade", PROMPTLY).path("transport").asText()).isEqualTo("websocket");
        }
    }

    @Test
    void anEventForTheClientDuringTheUpgradeArrivesAtOnce() throws InterruptedException {
        try (SocketIoClient dashboard = upgradingDashboard("user-1")) {
            String commandId = UUID.randomUUID().toString();
            CommandStatusChanged change = new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR, CommandState.EXECUTED,
                    Optional.empty(), Instant.now(), 4, "user-3");
            bus.publish(Topics.COMMAND_STATUS, CODEC.encode(new BusEnvelope(UUID.randomUUID().toString(), BusTypes.COMMAND_STATUS,
                    Instant.now(), "command-service", commandId, "door-1", Optional.of("user-3"), CODEC.toTree(change))));
            gate.release(Kind.POLL);

            JsonNode status = dashboard.await(r -> "event".equals(r.path("type").asText()) && r.toString().contains(commandId), PROMPTLY);
            assertThat(status.at("/data/status").asText()).isEqualTo("executed");
            assertThat(dashboard.awaitType("upgrade", PROMPTLY).path("transport").asText()).isEqualTo("websocket");
        }
    }

    /**
     * A dashboard connected on polling, whose next poll is held back, and which has had its upgrade probe answered:
     * it is upgrading, and waits for the held poll.
     */
    private SocketIoClient upgradingDashboard(String userId) throws InterruptedException {
        gate.hold(Kind.PROBE);
        String token = DoorlockInfrastructure.keys().token(userId, userId + "-name", "user");
        SocketIoClient dashboard = SocketIoClient.connect(root.toString().replaceFirst("/$", ""),
                "{\"auth\":{\"token\":\"" + token + "\",\"clientType\":\"dashboard\"},\"reconnection\":false}");
        assertThat(dashboard.awaitType("connect", WAIT).path("transport").asText()).isEqualTo("polling");
        // The poll the server holds now is answered by the next event; the one after it waits in the gate.
        gate.awaitPollAtServer(WAIT);
        gate.hold(Kind.POLL);
        dashboard.emit("subscribe_device", "{\"deviceId\":\"door-1\"}");
        dashboard.awaitEvent("subscribed", WAIT);
        gate.awaitHeld(Kind.POLL, WAIT);
        gate.release(Kind.PROBE);
        dashboard.awaitType("upgrading", WAIT);
        return dashboard;
    }
}
