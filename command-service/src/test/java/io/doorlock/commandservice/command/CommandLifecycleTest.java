package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.Transport;
import io.doorlock.base.crypto.Pem;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.command.SignedCommand;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandLifecycleTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CommandRepository repository;

    @Inject
    Clock clock;

    CommandBus bus;

    @BeforeEach
    void connect() {
        bus = new CommandBus(clock);
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    /**
     * Every dispatch carries the platform's signature on the command: the device can check that the command is for
     * it, what it says, that it is newer than any before (the counter grows per device) and when it expires.
     */
    @Test
    void everyCommandIsSignedForItsDeviceWithACounterThatGrows() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        request(first, "door-5", "{\"duration\":5000}");
        JsonNode one = awaitBus(Topics.COMMAND_DISPATCH, first).at("/data/authorization");
        request(second, "door-5", "{\"duration\":3000}");
        JsonNode two = awaitBus(Topics.COMMAND_DISPATCH, second).at("/data/authorization");

        PublicKey platform = Pem.ed25519PublicKey(DoorlockInfrastructure.broker().commandKeys().publicKey());
        for (JsonNode auth : new JsonNode[] {one, two}) {
            assertThat(CommandKeys.verify(CODEC.mapper().treeToValue(auth, CommandAuthorization.class), platform)).isTrue();
        }
        SignedCommand a = CODEC.decode(one.path("msg").asText(), SignedCommand.class);
        SignedCommand b = CODEC.decode(two.path("msg").asText(), SignedCommand.class);
        assertThat(a.deviceId()).isEqualTo("door-5");
        assertThat(a.commandId()).isEqualTo(first);
        assertThat(a.command()).isEqualTo("unlock_door");
        assertThat(a.payload().path("duration").asInt()).isEqualTo(5000);
        assertThat(b.counter()).isGreaterThan(a.counter());
        assertThat(Instant.ofEpochMilli(a.expiresAt())).isEqualTo(repository.findById(first).expiresAt.truncatedTo(ChronoUnit.MILLIS));

        // A re-send carries the very same signature: the device answers it again instead of executing it twice.
        assertThat(repository.findById(first).authorization.sig).isEqualTo(one.path("sig").asText());
    }

    @Test
    void aCommandGoesFromQueuedToExecutedAndEachStepIsPublished() {
        String commandId = UUID.randomUUID().toString();
        request(commandId, "door-1", "{\"duration\":5000}");

        JsonNode dispatch = awaitBus(Topics.COMMAND_DISPATCH, commandId);
        assertThat(dispatch.at("/data/command").asText()).isEqualTo("unlock_door");
        assertThat(dispatch.at("/data/payload/duration").asInt()).isEqualTo(5000);
        assertThat(dispatch.at("/data/attempt").asInt()).isEqualTo(1);
        assertThat(Instant.parse(dispatch.at("/data/expiresAt").asText())).isBefore(Instant.now().plusSeconds(31));
        assertThat(awaitStatus(commandId, "queued").at("/data/revision").asLong()).isEqualTo(1);
        assertThat(repository.findById(commandId).status).isEqualTo("queued");

        publish(Topics.COMMAND_DELIVERY, BusTypes.COMMAND_DELIVERY, "door-1",
                new CommandDelivery(commandId, "door-1", Transport.WEBSOCKET, 1, Instant.now(), "gw-1"));
        assertThat(awaitStatus(commandId, "sent").at("/data/revision").asLong()).isEqualTo(2);

        ack(commandId, "door-1", "received");
        awaitStatus(commandId, "received");
        ack(commandId, "door-1", "executed");
        assertThat(awaitStatus(commandId, "executed").at("/data/revision").asLong()).isEqualTo(4);

        CommandDocument doc = repository.findById(commandId);
        assertThat(doc.status).isEqualTo("executed");
        assertThat(doc.history).extracting(t -> t.status).containsExactly("queued", "sent", "received", "executed");
        assertThat(doc.transport).isEqualTo("websocket");
        assertThat(doc.completedAt).isNotNull();
    }

    @Test
    void duplicateLateAndForeignAcksChangeNothing() {
        String before = metrics();
        String commandId = UUID.randomUUID().toString();
        request(commandId, "door-2", "{}", "lock_door");
        awaitStatus(commandId, "queued");
        ack(commandId, "door-2", "executed");
        awaitStatus(commandId, "executed");
        await().atMost(WAIT).untilAsserted(() -> {
            String now = metrics();
            assertThat(moved(before, now, "doorlock_commands_completed_total", "command=\"lock_door\"", "status=\"executed\"")).isEqualTo(1);
            assertThat(moved(before, now, "doorlock_command_latency_seconds_count", "command=\"lock_door\"", "status=\"executed\"")).isEqualTo(1);
        });

        ack(commandId, "door-2", "executed"); // duplicate
        ack(commandId, "door-2", "failed"); // late, contradicting
        ack(commandId, "door-2", "received"); // late
        ack(commandId, "intruder-9", "failed"); // foreign device
        ack(UUID.randomUUID().toString(), "door-2", "executed"); // unknown command
        publish(Topics.COMMAND_DELIVERY, BusTypes.COMMAND_DELIVERY, "door-2",
                new CommandDelivery(commandId, "door-2", Transport.MQTT, 1, Instant.now(), "gw-1")); // late delivery

        // Every piece of junk was consumed, and each was counted as changing nothing (acks and deliveries come on their
        // own channels, so only these counters prove that all six were handled).
        await().atMost(WAIT).untilAsserted(() -> {
            String now = metrics();
            assertThat(moved(before, now, "doorlock_command_steps_ignored_total", "step=\"ack\"", "reason=\"duplicate\"")).as("executed and received again").isEqualTo(2);
            assertThat(moved(before, now, "doorlock_command_steps_ignored_total", "step=\"ack\"", "reason=\"late\"")).as("failed after executed").isEqualTo(1);
            assertThat(moved(before, now, "doorlock_command_steps_ignored_total", "step=\"ack\"", "reason=\"foreign\"")).isEqualTo(1);
            assertThat(moved(before, now, "doorlock_command_steps_ignored_total", "step=\"ack\"", "reason=\"unknown\"")).isEqualTo(1);
            assertThat(moved(before, now, "doorlock_command_steps_ignored_total", "step=\"delivery\"")).isEqualTo(1);
            assertThat(moved(before, now, "doorlock_commands_completed_total", "command=\"lock_door\"", "status=\"executed\"")).isEqualTo(1);
        });
        CommandDocument doc = repository.findById(commandId);
        assertThat(doc.status).isEqualTo("executed");
        assertThat(doc.revision).isEqualTo(2);
        assertThat(doc.history).extracting(t -> t.status).containsExactly("queued", "executed");
        assertThat(bus.client.drain()).noneMatch(m -> m.topic().equals(Topics.COMMAND_STATUS) && m.payload().contains(commandId));
    }

    static String metrics() {
        return RestAssured.get("/q/metrics").asString();
    }

    static double moved(String before, String after, String name, String... labels) {
        return PrometheusText.sum(after, name, labels) - PrometheusText.sum(before, name, labels);
    }

    @Test
    void twoRequestsWithTheSameCommandIdMakeOneCommand() {
        String commandId = UUID.randomUUID().toString();
        request(commandId, "door-3", "{\"duration\":3000}");
        request(commandId, "door-3", "{\"duration\":3000}");
        awaitStatus(commandId, "queued");
        String marker = UUID.randomUUID().toString();
        request(marker, "door-3", "{}", "lock_door");
        awaitStatus(marker, "queued");

        assertThat(repository.count("_id", commandId)).isEqualTo(1);
        var published = bus.client.drain().stream().filter(m -> m.payload().contains(commandId)).toList();
        // The first attempt only: with no device answering, the ack timeout (1 s in tests) may already have sent a second.
        assertThat(published).as("one dispatch").filteredOn(m -> m.topic().equals(Topics.COMMAND_DISPATCH) && m.payload().contains("\"attempt\":1"))
                .hasSize(1);
        assertThat(published).as("the duplicate only re-announces the state (revision 1)")
                .filteredOn(m -> m.topic().equals(Topics.COMMAND_STATUS)).hasSize(1)
                .allMatch(m -> m.payload().contains("\"revision\":1"));
    }

    @Test
    void aRequestWithAnInvalidPayloadIsNeverQueued() {
        String commandId = UUID.randomUUID().toString();
        request(commandId, "door-4", "{\"duration\":999999}");
        String marker = UUID.randomUUID().toString();
        request(marker, "door-4", "{}", "lock_door");
        awaitStatus(marker, "queued");
        assertThat(repository.findByIdOptional(commandId)).isEmpty();
    }

    @Test
    void aFirmwareUpdateWithoutItsSha256IsNeverQueuedEvenIfItReachesTheBus() {
        String before = metrics();
        String unchecked = UUID.randomUUID().toString();
        request(unchecked, "door-fw", "{\"version\":\"1.5.0\",\"url\":\"https://fw.example.com/door-lock/1.5.0.bin\"}", "firmware_update");
        String checked = UUID.randomUUID().toString();
        request(checked, "door-fw", "{\"version\":\"1.5.0\",\"url\":\"https://fw.example.com/door-lock/1.5.0.bin\",\"sha256\":\""
                + "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b\"}", "firmware_update");
        // One device's requests are handled in order: once the second is dispatched, the first was handled.
        assertThat(awaitBus(Topics.COMMAND_DISPATCH, checked).at("/data/payload/sha256").asText()).hasSize(64);
        assertThat(repository.findByIdOptional(unchecked)).isEmpty();
        assertThat(bus.client.drain()).noneMatch(m -> m.payload().contains(unchecked));
        assertThat(moved(before, metrics(), "doorlock_commands_rejected_total", "reason=\"invalid_payload\"")).isEqualTo(1);
    }

    /**
     * command-service acts on what the signed request says was verified, never on a bare user id: a restart whose
     * request says only {@code control} was checked (a guest's share) is refused; the same with {@code admin} is not.
     */
    @Test
    void aCommandNeedsThePermissionTheRequestSaysWasVerified() {
        String before = metrics();
        String guest = UUID.randomUUID().toString();
        bus.request(guest, "door-perm", CommandType.RESTART_DEVICE, "{}", Optional.empty(), Instant.now(), List.of("view", "control"));
        String owner = UUID.randomUUID().toString();
        bus.request(owner, "door-perm", CommandType.RESTART_DEVICE, "{}", Optional.empty(), Instant.now(), List.of("view", "control", "admin"));
        // One device's requests are handled in order: once the second is dispatched, the first was handled.
        awaitBus(Topics.COMMAND_DISPATCH, owner);
        assertThat(repository.findByIdOptional(guest)).isEmpty();
        assertThat(bus.client.drain()).noneMatch(m -> m.payload().contains(guest));
        assertThat(moved(before, metrics(), "doorlock_commands_rejected_total", "reason=\"not_permitted\"")).isEqualTo(1);
    }

    @Test
    void aRequestMayShortenButNeverLengthenTheDeadline() {
        String shortened = UUID.randomUUID().toString();
        publishRequest(shortened, "door-5", "unlock_door", "{\"duration\":3000}", Optional.of(5));
        String lengthened = UUID.randomUUID().toString();
        publishRequest(lengthened, "door-5", "unlock_door", "{\"duration\":3000}", Optional.of(3600));
        awaitStatus(shortened, "queued");
        awaitStatus(lengthened, "queued");
        CommandDocument a = repository.findById(shortened);
        CommandDocument b = repository.findById(lengthened);
        assertThat(Duration.between(a.requestedAt, a.expiresAt)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Duration.between(b.requestedAt, b.expiresAt)).isEqualTo(Duration.ofSeconds(30));
    }

    private void request(String commandId, String deviceId, String payload) {
        request(commandId, deviceId, payload, "unlock_door");
    }

    private void request(String commandId, String deviceId, String payload, String command) {
        publishRequest(commandId, deviceId, command, payload, Optional.empty());
    }

    private void publishRequest(String commandId, String deviceId, String command, String payload, Optional<Integer> ttl) {
        bus.request(commandId, deviceId, CommandType.fromWireName(command).orElseThrow(), payload, ttl, Instant.now());
    }

    private void ack(String commandId, String deviceId, String status) {
        bus.ack(commandId, deviceId, status);
    }

    private void publish(String topic, String type, String deviceId, Object data) {
        bus.publish(topic, type, deviceId, data);
    }

    private JsonNode awaitStatus(String commandId, String status) {
        return bus.awaitStatus(commandId, status);
    }

    private JsonNode awaitBus(String topic, String commandId) {
        return CommandBus.tree(bus.client.await(m -> m.topic().equals(topic) && m.payload().contains(commandId), CommandBus.WAIT).payload());
    }
}
