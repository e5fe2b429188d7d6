package io.doorlock.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDispatch;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.DeviceCredentialRecord;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.simulator.CommandCheck;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.ServiceProcess;
import io.doorlock.testing.TestMqttClient;
import io.doorlock.testing.TestWebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nobody without credentials can open a door. Every attack of the security review on the broker and the bus, against
 * the real broker and all four services, by three attackers: a client without an account or with a wrong password;
 * Mallory, who owns a lock of her own and uses its credentials; and someone who controls the broker (here, an
 * account allowed to publish on every doorlock topic). The victim is Olga's front door, an MQTT lock that checks the
 * platform's signature on each command, as firmware should. Each attack is followed by a marker (Olga's own unlock)
 * and the test asserts what Olga and her lock see: nothing executed but what she asked for, nothing stored, nothing
 * closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerAttackSystemTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(20);

    static DoorlockSystem system;
    static PublicKey platformKey;
    static String olga;
    static String olgaId;
    static String door;
    static String doorToken;
    static String mallorysLock;
    static String mallorysToken;
    static TestMqttClient frontDoor;
    static TestWebSocket olgasDashboard;
    /** What the front door last accepted, as its firmware keeps it. */
    static CommandCheck.Accepted accepted = CommandCheck.Accepted.NONE;
    /** The last command frame the front door received from Olga, kept to replay it. */
    static String capturedUnlock;

    @BeforeAll
    static void start() {
        system = DoorlockSystem.shared();
        platformKey = system.commandKey();
        olga = system.signUp("olga-" + UUID.randomUUID().toString().substring(0, 6));
        olgaId = system.http("GET", "/api/auth/me", olga, null).body().at("/data/id").asText();
        JsonNode frontDoorView = system.registerDevice(olga, "Front door", "ESP-" + UUID.randomUUID().toString().substring(0, 8));
        door = frontDoorView.path("id").asText();
        // The owner provisions the lock with its token and the key it checks commands with, both from registration.
        assertThat(CommandKeys.fromRaw(Base64.getDecoder().decode(frontDoorView.at("/commandKey/publicKey").asText()))).isEqualTo(platformKey);
        doorToken = frontDoorView.path("deviceToken").asText();
        String mallory = system.signUp("mallory-" + UUID.randomUUID().toString().substring(0, 6));
        JsonNode hers = system.registerDevice(mallory, "Mallory's lock", "ESP-" + UUID.randomUUID().toString().substring(0, 8));
        mallorysLock = hers.path("id").asText();
        mallorysToken = hers.path("deviceToken").asText();

        frontDoor = lock(door, doorToken);
        awaitOnline(door);
        olgasDashboard = TestWebSocket.connect(system.dashboardSocketUrl());
        olgasDashboard.send("{\"event\":\"authenticate\",\"data\":{\"token\":\"" + olga + "\"}}");
        olgasDashboard.awaitEvent("authenticated", WAIT);
    }

    @AfterAll
    static void stop() {
        olgasDashboard.close();
        frontDoor.close();
    }

    /** An MQTT lock as firmware connects it: client id = username = device id, Last Will "offline", then "online". */
    static TestMqttClient lock(String id, String token) {
        TestMqttClient lock = TestMqttClient.connect(system.broker.port(), id, Optional.of(id), Optional.of(token),
                Optional.of(new TestMqttClient.Will(Topics.deviceStatus(id), "offline")));
        lock.subscribe(Topics.deviceCommands(id));
        lock.publishRetained(Topics.deviceStatus(id), "online");
        return lock;
    }

    static void awaitOnline(String deviceId) {
        await().atMost(WAIT).until(() -> "online".equals(
                system.http("GET", "/api/device/" + deviceId, olga, null).body().at("/data/status").asText()));
    }

    /**
     * Olga unlocks her door: the marker after each attack. Returns the command frames the door received up to and
     * including hers, each with the door's verdict on it; only hers may be executed.
     */
    static List<CommandCheck.Verdict> olgaUnlocks() {
        JsonNode sent = system.http("POST", "/api/device/" + door + "/command", olga,
                "{\"command\":\"unlock_door\",\"payload\":{\"duration\":4000}}").body();
        String commandId = sent.at("/data/commandId").asText();
        assertThat(commandId).as("Olga's unlock accepted: " + sent).isNotBlank();
        TestMqttClient.Received hers = frontDoor.await(m -> m.payload().contains(commandId), WAIT);
        List<CommandCheck.Verdict> verdicts = new ArrayList<>();
        List<TestMqttClient.Received> frames = new ArrayList<>(frontDoor.drain());
        frames.add(hers);
        for (TestMqttClient.Received frame : frames) {
            JsonNode json = json(frame.payload());
            CommandCheck.Verdict verdict = CommandCheck.check(door, json.path("event").asText(), json.path("data"), platformKey, accepted,
                    Instant.now());
            if (verdict.outcome() == CommandCheck.Outcome.EXECUTE) {
                accepted = new CommandCheck.Accepted(verdict.command().orElseThrow().counter(), verdict.command().orElseThrow().commandId());
            }
            verdicts.add(verdict);
        }
        capturedUnlock = hers.payload();
        JsonNode last = json(hers.payload());
        assertThat(verdicts.get(verdicts.size() - 1).outcome()).as("Olga's own unlock is executed").isEqualTo(CommandCheck.Outcome.EXECUTE);
        assertThat(last.at("/data/commandId").asText()).isEqualTo(commandId);
        olgasDashboard.await(f -> f.contains(commandId) && f.contains("command_status"), WAIT);
        return verdicts;
    }

    static List<String> commandIdsOfTheDoor() {
        List<String> ids = new ArrayList<>();
        system.http("GET", "/api/device/" + door + "/commands?limit=100", olga, null).body().at("/data/items")
                .forEach(item -> ids.add(item.path("commandId").asText()));
        return ids;
    }

    static TestMqttClient mallorysDevice() {
        return TestMqttClient.connect(system.broker.port(), mallorysLock, Optional.of(mallorysLock), Optional.of(mallorysToken));
    }

    static String requestFromNobody(String deviceId) {
        String commandId = UUID.randomUUID().toString();
        CommandRequested request = new CommandRequested(commandId, deviceId, CommandType.UNLOCK_DOOR,
                CODEC.mapper().createObjectNode().put("duration", 30000), olgaId, Instant.now(), Optional.empty(),
                List.of("view", "control", "admin"));
        return envelope(BusTypes.COMMAND_REQUESTED, "dashboard-gateway", deviceId, request);
    }

    static String dispatchFromNobody(String deviceId) {
        CommandDispatch dispatch = new CommandDispatch(UUID.randomUUID().toString(), deviceId, CommandType.UNLOCK_DOOR,
                CODEC.mapper().createObjectNode().put("duration", 30000), 1, Instant.now().plusSeconds(30), Optional.empty());
        return envelope(BusTypes.COMMAND_DISPATCH, "command-service", deviceId, dispatch);
    }

    static String envelope(String type, String producer, String deviceId, Object data) {
        return CODEC.encode(new BusEnvelope(UUID.randomUUID().toString(), type, Instant.now(), producer, UUID.randomUUID().toString(),
                deviceId, Optional.of(olgaId), CODEC.toTree(data)));
    }

    static String forgedRecord(String deviceId) {
        return CODEC.encode(new DeviceCredentialRecord(deviceId, "mallory", "mine now", "door-lock", DeviceTokenHash.of("mallorys-token"),
                Instant.parse("9999-01-01T00:00:00Z"), Long.MAX_VALUE, false));
    }

    static String unsignedUnlockFrame(String deviceId) {
        return "{\"event\":\"unlock_door\",\"data\":{\"duration\":30000,\"commandId\":\"" + UUID.randomUUID() + "\"}}";
    }

    static JsonNode json(String text) {
        return CODEC.decode(text, JsonNode.class);
    }

    @Test
    @Order(1)
    void nobodyGetsInWithoutAnAccount() {
        assertThatThrownBy(() -> TestMqttClient.connectAnonymously(system.broker.port())).as("anonymous").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestMqttClient.connect(system.broker.port(), door, Optional.of(door), Optional.of("wrong-password")))
                .as("the door's name, a wrong password").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestMqttClient.connect(system.broker.port(), "x-" + UUID.randomUUID(), Optional.of("command-service@doorlock"),
                Optional.of("wrong-password"))).as("a service's name, a wrong password").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TestMqttClient.connect(system.broker.port(), door, Optional.of(mallorysLock), Optional.of(mallorysToken)))
                .as("Mallory's credentials under the front door's client id").isInstanceOf(IllegalStateException.class);
        assertThat(frontDoor.isConnected()).as("the front door was not kicked").isTrue();
        assertThat(olgaUnlocks()).hasSize(1);
    }

    @Test
    @Order(2)
    void aLocksOwnCredentialsReachOnlyItsOwnTopics() {
        try (TestMqttClient mallory = mallorysDevice()) {
            assertThat(mallory.subscribeGranted("#")).containsExactly(128);
            assertThat(mallory.subscribeGranted("$SYS/#")).containsExactly(128);
            assertThat(mallory.subscribeGranted(Topics.BUS_ALL)).containsExactly(128);
            assertThat(mallory.subscribeGranted(Topics.REGISTRY_DEVICES_ALL)).containsExactly(128);
            assertThat(mallory.subscribeGranted(Topics.deviceCommands(door))).containsExactly(128);

            List<String> before = commandIdsOfTheDoor();
            mallory.publish(Topics.COMMAND_REQUESTED, requestFromNobody(door));
            mallory.publish(Topics.COMMAND_DISPATCH, dispatchFromNobody(door));
            mallory.publish(Topics.deviceCommands(door), unsignedUnlockFrame(door));
            mallory.publish(Topics.deviceAcks(door), "{\"event\":\"command_ack\",\"data\":{\"commandId\":\"" + UUID.randomUUID()
                    + "\",\"status\":\"executed\"}}");
            mallory.publish(Topics.deviceEvents(door), "{\"event\":\"door_status_changed\",\"data\":{\"deviceId\":\"" + door
                    + "\",\"status\":\"unlocked\"}}");
            mallory.publish(Topics.deviceStatus(door), "offline");
            mallory.publish(Topics.TOKEN_REVOKED, envelope(BusTypes.TOKEN_REVOKED, "dashboard-gateway", door,
                    new TokenRevoked(TokenRevoked.ALL_TOKENS, olgaId, Instant.now().plusSeconds(3600))));
            mallory.publishRetained(Topics.registryDevice(door), forgedRecord(door));
            mallory.publishRetained(Topics.registryDevice(door), "");

            assertThat(olgaUnlocks()).as("the door received Olga's unlock and nothing else").hasSize(1);
            List<String> after = commandIdsOfTheDoor();
            assertThat(after).hasSize(before.size() + 1);
        }
        assertThat(olgasDashboard.isOpen()).as("Olga's dashboard was not closed").isTrue();
        assertThat(frontDoor.isConnected()).isTrue();
        awaitOnline(door);
        JsonNode trail = system.http("GET", "/api/audit/devices/" + door + "/events?type=door_status_changed", olga, null).body();
        assertThat(trail.at("/data/total").asInt()).as("no forged door state stored").isZero();
    }

    @Test
    @Order(3)
    void whoeverControlsTheBrokerCannotMakeTheDoorOpen() {
        double rejectedBefore = rejected();
        List<String> before = commandIdsOfTheDoor();
        String replay = capturedUnlock;
        try (TestMqttClient broker = system.broker.connect(system.broker.accounts().harness())) {
            // The bus: unsigned, and signed with keys the attacker does not have, nothing is believed.
            broker.publish(Topics.COMMAND_REQUESTED, requestFromNobody(door));
            broker.publish(Topics.COMMAND_DISPATCH, dispatchFromNobody(door));
            broker.publish(Topics.TOKEN_REVOKED, envelope(BusTypes.TOKEN_REVOKED, "dashboard-gateway", door,
                    new TokenRevoked(TokenRevoked.ALL_TOKENS, olgaId, Instant.now().plusSeconds(3600))));
            broker.publishRetained(Topics.registryDevice(door), forgedRecord(door));
            // The door itself: an unsigned unlock, and Olga's last unlock played again.
            broker.publish(Topics.deviceCommands(door), unsignedUnlockFrame(door));
            broker.publish(Topics.deviceCommands(door), replay);
        }
        List<CommandCheck.Verdict> verdicts = olgaUnlocks();
        assertThat(verdicts).extracting(CommandCheck.Verdict::outcome).as("only Olga's unlock is executed")
                .containsOnlyOnce(CommandCheck.Outcome.EXECUTE);
        assertThat(verdicts).extracting(CommandCheck.Verdict::reason).contains("unsigned");
        assertThat(verdicts).extracting(CommandCheck.Verdict::outcome).as("the replayed unlock is answered again, not executed")
                .contains(CommandCheck.Outcome.RESEND);
        assertThat(commandIdsOfTheDoor()).as("no command was created by the forged request").hasSize(before.size() + 1);
        assertThat(rejected()).as("the services counted the forgeries").isGreaterThanOrEqualTo(rejectedBefore + 3);
        assertThat(olgasDashboard.isOpen()).isTrue();
        // The forged registry record (newest version possible, year 9999) did not let Mallory's token in as the door.
        try (TestWebSocket impostor = TestWebSocket.connect(system.deviceSocketUrl() + "?deviceId=" + door,
                Map.of("Authorization", "Bearer mallorys-token"))) {
            assertThat(impostor.awaitClose(WAIT).code()).isEqualTo(4401);
        }
    }

    @Test
    @Order(4)
    void aRotatedTokenEndsTheLocksMqttSessionAtOnce() {
        String rotated = system.http("POST", "/api/device/" + door + "/token/rotate", olga, null).body().at("/data/deviceToken").asText();
        await().atMost(WAIT).until(() -> !frontDoor.isConnected());
        assertThatThrownBy(() -> lock(door, doorToken)).as("the old token").isInstanceOf(IllegalStateException.class);
        frontDoor.close();
        frontDoor = lock(door, rotated);
        awaitOnline(door);
        assertThat(olgaUnlocks()).hasSize(1);
    }

    /**
     * Any local user can read every process's command line ({@code ps}): none of the services' secrets may be there,
     * neither the broker passwords nor the bus keys, nor the first admin's password.
     */
    @Test
    @Order(5)
    void noSecretIsOnAnyCommandLine() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String service : List.of("device-gateway", "dashboard-gateway", "command-service", "audit-service")) {
            secrets.add(system.broker.accounts().service(service).password());
        }
        secrets.add(system.broker.accounts().admin().password());
        secrets.add(DoorlockSystem.ADMIN_PASSWORD);
        secrets.addAll(system.broker.busKeys().encodedKeys());
        for (ServiceProcess service : List.of(system.deviceGateway, system.dashboardGateway, system.commandService, system.auditService)) {
            String commandLine = Files.readString(Path.of("/proc", String.valueOf(service.pid()), "cmdline")).replace('\0', ' ');
            assertThat(commandLine).as(service.name() + "'s command line").contains("quarkus-run.jar");
            for (String secret : secrets) {
                assertThat(commandLine).as(service.name() + "'s command line").doesNotContain(secret);
            }
        }
    }

    static double rejected() {
        double sum = 0;
        for (String url : new String[] {"http://127.0.0.1:" + system.commandService.port(), system.deviceGatewayUrl(),
                "http://127.0.0.1:" + system.dashboardGateway.port()}) {
            sum += PrometheusText.sum(Http.text(url + "/q/metrics"), "doorlock_bus_rejected_messages_total");
        }
        return sum;
    }
}
