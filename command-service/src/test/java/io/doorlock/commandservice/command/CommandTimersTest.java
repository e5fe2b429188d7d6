package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.BusEnvelope;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandDelivery;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offline devices, deadlines, re-sends, timeouts and cancellation, against the real broker and wire server. Test
 * timing: ack timeout 1 s, execution timeout 2 s, 3 attempts, sweep every 200 ms, expiry grace 200 ms.
 */
@QuarkusTest
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandTimersTest {

    static final JsonCodec CODEC = new JsonCodec();
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CommandRepository repository;

    @Inject
    DeviceLinks links;

    CommandBus bus;

    @BeforeEach
    void connect() {
        bus = new CommandBus();
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void commandsQueuedWhileTheDeviceIsOfflineAreDeliveredInOrderWhenItConnects() {
        offline("door-10");
        String first = request("door-10", CommandType.LOCK_DOOR, "{}", Optional.empty());
        String second = request("door-10", CommandType.UPDATE_SETTINGS, "{\"settings\":{\"motionSensitivity\":40}}", Optional.empty());
        awaitStatus(second, "queued");
        assertNoDispatchFor(first, second);

        presence("door-10", "device_connected");
        JsonNode earliest = CommandBus.tree(bus.client.await(m -> m.topic().equals(Topics.COMMAND_DISPATCH)
                && (m.payload().contains(first) || m.payload().contains(second)), WAIT).payload());
        assertThat(earliest.at("/data/commandId").asText()).as("creation order").isEqualTo(first);
        JsonNode b = awaitDispatch(second);
        assertThat(earliest.at("/data/attempt").asInt()).isEqualTo(1);
        assertThat(b.at("/data/attempt").asInt()).isEqualTo(1);
        ack(first, "door-10", "received");
        ack(second, "door-10", "received");
        awaitStatus(second, "received");
        assertNotDispatchedAgain(first, second); // received: nothing is dispatched again
    }

    @Test
    void anUnlockThatExpiresWhileTheDeviceIsOfflineIsNeverDeliveredAfterwards() {
        offline("door-11");
        String unlock = request("door-11", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.of(1));
        JsonNode expired = awaitStatus(unlock, "expired");
        assertThat(expired.at("/data/revision").asLong()).isEqualTo(2);

        presence("door-11", "device_connected");
        ack(unlock, "door-11", "executed"); // a late ack for an expired command changes nothing
        String marker = request("door-11", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(marker);
        assertNoDispatchFor(unlock);
        assertThat(repository.findById(unlock).status).isEqualTo("expired");
        assertThat(repository.findById(unlock).attempts).isZero();
    }

    @Test
    void aLostAckIsFollowedByAResendWithTheSameCommandId() {
        double latenciesBefore = metric("doorlock_command_latency_seconds_count", "command=\"unlock_door\"", "status=\"executed\"");
        double resentBefore = metric("doorlock_commands_redispatched_total");
        String command = request("door-12", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(1);
        delivered(command, "door-12", 1);
        awaitStatus(command, "sent");
        // The device's "received" is lost: after the ack timeout the same id goes out again.
        JsonNode again = awaitDispatch(command);
        assertThat(again.at("/data/attempt").asInt()).isEqualTo(2);
        assertThat(again.at("/data/commandId").asText()).isEqualTo(command);
        delivered(command, "door-12", 2);
        ack(command, "door-12", "received");
        awaitStatus(command, "received");
        ack(command, "door-12", "executed");
        awaitStatus(command, "executed");
        CommandDocument doc = repository.findById(command);
        assertThat(doc.history).extracting(t -> t.status).containsExactly("queued", "sent", "received", "executed");
        // A third attempt is possible if the second receipt took longer than the ack timeout (1 s in tests).
        assertThat(doc.attempts).isBetween(2, 3);
        assertThat(metric("doorlock_command_latency_seconds_count", "command=\"unlock_door\"", "status=\"executed\""))
                .as("the latency histogram moved").isEqualTo(latenciesBefore + 1);
        assertThat(metric("doorlock_commands_redispatched_total")).isGreaterThan(resentBefore);
    }

    private static double metric(String name, String... labels) {
        return io.doorlock.testing.PrometheusText.sum(io.restassured.RestAssured.get("/q/metrics").asString(), name, labels);
    }

    @Test
    void aCommandNeverAcknowledgedTimesOutAfterItsDeliveries() {
        String command = request("door-13", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(command);
        delivered(command, "door-13", 1);
        awaitStatus(command, "sent");
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(2);
        delivered(command, "door-13", 2);
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(3);
        delivered(command, "door-13", 3);
        JsonNode timedOut = awaitStatus(command, "timed_out");
        assertThat(timedOut.at("/data/command").asText()).isEqualTo("lock_door");
        assertNoDispatchFor(command);
        assertThat(repository.findById(command).deliveries).as("max-attempts deliveries").isEqualTo(3);
    }

    @Test
    void dispatchesThatFoundNoTakerDoNotUseUpTheDeliveriesOfAQueuedCommand() {
        String command = request("door-18", CommandType.UPDATE_SETTINGS, "{\"settings\":{\"motionSensitivity\":10}}", Optional.empty());
        // Nobody delivers: the device was never heard of, so it counts as online and the command is tried 3 times.
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(1);
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(2);
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(3);
        assertNoDispatchFor(command); // then only every offline-retry (60 s)
        presence("door-18", "device_connected");
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).as("sent when the device connects").isEqualTo(4);
        delivered(command, "door-18", 4);
        awaitStatus(command, "sent");
    }

    @Test
    void aCommandStoredButNeverDispatchedIsDispatchedByTheSweeper() {
        // As if a replica died between storing the command and publishing its dispatch.
        CommandDocument doc = new CommandDocument();
        doc.id = UUID.randomUUID().toString();
        doc.deviceId = "door-19";
        doc.command = "lock_door";
        doc.payload = new org.bson.Document();
        doc.status = "queued";
        doc.requestedBy = "user-1";
        doc.correlationId = doc.id;
        doc.createdAt = Instant.now();
        doc.requestedAt = doc.createdAt;
        doc.expiresAt = doc.createdAt.plusSeconds(30);
        doc.nextAttemptAt = doc.createdAt;
        doc.revision = 1;
        repository.create(doc);
        assertThat(awaitDispatch(doc.id).at("/data/attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aCancelWhileADispatchIsOnItsWayIsRefused() {
        String command = request("door-20", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitDispatch(command); // published; no receipt yet
        awaitStatus(command, "queued"); // the announcement of its creation
        cancel(command, "door-20");
        JsonNode announced = awaitStatus(command, "queued"); // announced again: a cancellation would say "cancelled"
        assertThat(announced.at("/data/revision").asLong()).isEqualTo(1);
        assertThat(repository.findById(command).status).isEqualTo("queued");
    }

    @Test
    void everyAckTransitionAndForeignAcksOnLiveCommands() {
        String a = request("door-21", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(a);
        ack(a, "intruder-1", "executed"); // foreign, while the command is live
        ack(a, "door-21", "received"); // queued -> received (the receipt is late)
        awaitStatus(a, "received");
        ack(a, "door-21", "failed"); // received -> failed
        awaitStatus(a, "failed");
        String b = request("door-21", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(b);
        ack(b, "door-21", "failed"); // queued -> failed
        awaitStatus(b, "failed");
        String c = request("door-21", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(c);
        delivered(c, "door-21", 1);
        awaitStatus(c, "sent");
        ack(c, "intruder-1", "executed"); // foreign, while sent
        ack(c, "door-21", "executed"); // sent -> executed
        awaitStatus(c, "executed");
        assertThat(repository.findById(a).history).extracting(t -> t.status).containsExactly("queued", "received", "failed");
        assertThat(repository.findById(b).history).extracting(t -> t.status).containsExactly("queued", "failed");
        assertThat(repository.findById(c).history).extracting(t -> t.status).containsExactly("queued", "sent", "executed");
    }

    @Test
    void aForeignCancelOfAQueuedCommandChangesNothing() {
        offline("door-22");
        String queued = request("door-22", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitStatus(queued, "queued");
        double foreignBefore = metric("doorlock_command_steps_ignored_total", "step=\"cancel\"", "reason=\"foreign\"");
        cancel(queued, "door-99");
        await().atMost(WAIT).until(() -> metric("doorlock_command_steps_ignored_total", "step=\"cancel\"", "reason=\"foreign\"") > foreignBefore);
        assertThat(repository.findById(queued).status).isEqualTo("queued");
        assertThat(bus.client.drain()).as("nothing announced for a foreign cancel")
                .noneMatch(m -> m.topic().equals(Topics.COMMAND_STATUS) && m.payload().contains(queued) && !m.payload().contains("\"status\":\"queued\""));
    }

    @Test
    void aReceivedCommandWithoutAFinalAckTimesOut() {
        String command = request("door-14", CommandType.RESTART_DEVICE, "{}", Optional.empty());
        awaitDispatch(command);
        ack(command, "door-14", "received");
        awaitStatus(command, "received");
        awaitStatus(command, "timed_out");
        ack(command, "door-14", "executed");
        String marker = request("door-14", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitStatus(marker, "queued");
        await().atMost(WAIT).until(() -> !repository.findById(command).status.equals("received"));
        assertThat(repository.findById(command).status).as("final states are final").isEqualTo("timed_out");
    }

    @Test
    void onlyAQueuedCommandCanBeCancelled() {
        offline("door-15");
        String queued = request("door-15", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitStatus(queued, "queued");
        cancel(queued, "door-15");
        JsonNode cancelled = awaitStatus(queued, "cancelled");
        assertThat(cancelled.at("/data/revision").asLong()).isEqualTo(2);
        presence("door-15", "device_connected");
        String marker = request("door-15", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(marker);
        assertNoDispatchFor(queued);

        delivered(marker, "door-15", 1);
        awaitStatus(marker, "sent");
        cancel(marker, "door-15");
        JsonNode refused = awaitStatus(marker, "sent");
        assertThat(refused.at("/data/revision").asLong()).as("the current state, announced again").isEqualTo(2);
        cancel(marker, "door-99"); // another device's id: nothing
        assertThat(repository.findById(marker).status).isEqualTo("sent");
    }

    @Test
    void aRequestThatArrivesLateKeepsTheDeadlineOfTheClick() {
        String commandId = UUID.randomUUID().toString();
        bus.request(commandId, "door-16", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty(), Instant.now().minusSeconds(40));
        awaitStatus(commandId, "expired");
        assertNoDispatchFor(commandId);
    }

    @Test
    void aFailedAckEndsTheCommandWithTheDevicesReason() {
        String command = request("door-17", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitDispatch(command);
        delivered(command, "door-17", 1);
        awaitStatus(command, "sent");
        bus.ack(command, "door-17", "failed", Optional.of("bolt jammed"));
        JsonNode failed = awaitStatus(command, "failed");
        assertThat(failed.at("/data/errorMessage").asText()).isEqualTo("bolt jammed");
        assertThat(repository.findById(command).history).extracting(t -> t.status).containsExactly("queued", "sent", "failed");
    }

    // --- helpers ---

    private void offline(String deviceId) {
        presence(deviceId, "device_disconnected");
        await().atMost(WAIT).until(() -> links.knownOffline(deviceId));
    }

    private void presence(String deviceId, String event) {
        bus.presence(deviceId, event);
    }

    private String request(String deviceId, CommandType type, String payload, Optional<Integer> ttl) {
        return bus.request(deviceId, type, payload, ttl);
    }

    private void delivered(String commandId, String deviceId, int attempt) {
        bus.delivered(commandId, deviceId, attempt);
    }

    private void cancel(String commandId, String deviceId) {
        bus.cancel(commandId, deviceId);
    }

    private void ack(String commandId, String deviceId, String status) {
        bus.ack(commandId, deviceId, status);
    }

    private JsonNode awaitStatus(String commandId, String status) {
        return bus.awaitStatus(commandId, status);
    }

    private JsonNode awaitDispatch(String commandId) {
        return bus.awaitDispatch(commandId);
    }

    /**
     * Once every one of these commands is past {@code queued} in the store, no further attempt is claimed for any of
     * them over two ack timeouts. (A dispatch claimed before an ack landed may still be in flight; it is not "again".)
     */
    private void assertNotDispatchedAgain(String... commandIds) {
        await().atMost(WAIT).until(() -> java.util.Arrays.stream(commandIds).noneMatch(id -> repository.findById(id).status.equals("queued")));
        java.util.Map<String, Integer> attempts = new java.util.HashMap<>();
        for (String id : commandIds) {
            attempts.put(id, repository.findById(id).attempts);
        }
        await().during(Duration.ofMillis(2200)).atMost(WAIT)
                .until(() -> attempts.entrySet().stream().allMatch(e -> repository.findById(e.getKey()).attempts == e.getValue()));
    }

    /** Nothing dispatched for these ids over two ack timeouts. */
    private void assertNoDispatchFor(String... commandIds) {
        long until = System.nanoTime() + Duration.ofMillis(2200).toNanos();
        while (System.nanoTime() < until) {
            for (TestMqttClient.Received m : bus.client.drain()) {
                for (String id : commandIds) {
                    assertThat(m.topic().equals(Topics.COMMAND_DISPATCH) && m.payload().contains(id)).as("dispatch of %s", id).isFalse();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
