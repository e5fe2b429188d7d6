package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import io.doorlock.testing.DoorlockInfrastructure;
import io.doorlock.testing.PrometheusText;
import io.doorlock.testing.TestMqttClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.doorlock.commandservice.CommandConfig;

/**
 * Offline devices, deadlines, re-sends, timeouts and cancellation, against the real broker and wire server. Time is a
 * {@link ManualClock}: a test makes a timer due by moving the clock, runs the sweep, and waits for what the sweep
 * announces. Test timing: ack timeout 1 s, execution timeout 2 s, 3 attempts, expiry grace 200 ms.
 */
@QuarkusTest
@TestProfile(ManualClockProfile.class)
@QuarkusTestResource(value = DoorlockInfrastructure.class, restrictToAnnotatedClass = true)
class CommandTimersTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    CommandRepository repository;

    @Inject
    DeviceLinks links;

    @Inject
    CommandTimers timers;

    @Inject
    CommandConfig config;

    @Inject
    ManualClock clock;

    CommandBus bus;

    @BeforeEach
    void connect() {
        bus = new CommandBus(clock);
    }

    @AfterEach
    void disconnect() {
        bus.close();
    }

    @Test
    void commandsQueuedWhileTheDeviceIsOfflineAreDeliveredInOrderWhenItConnects() {
        offline("door-10");
        String first = request("door-10", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitStatus(first, "queued");
        clock.advance(Duration.ofMillis(1)); // the second request a millisecond after the first
        String second = request("door-10", CommandType.UPDATE_SETTINGS, "{\"settings\":{\"motionSensitivity\":40}}", Optional.empty());
        awaitStatus(second, "queued");
        assertNoDispatchFor("door-10", first, second);

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
        awaitStatus(unlock, "queued");
        pass(Duration.ofSeconds(1).plus(config.expiryGrace())); // its deadline and the grace
        JsonNode expired = awaitStatus(unlock, "expired");
        assertThat(expired.at("/data/revision").asLong()).isEqualTo(2);

        presence("door-11", "device_connected");
        await().atMost(WAIT).until(() -> !links.find("door-11").offline()); // the reconnect is being handled
        ack(unlock, "door-11", "executed"); // a late ack for an expired command changes nothing
        String marker = request("door-11", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(marker);
        assertNoDispatchFor("door-11", unlock);
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
        pass(config.ackTimeout());
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
        assertThat(doc.attempts).isEqualTo(2);
        assertThat(metric("doorlock_command_latency_seconds_count", "command=\"unlock_door\"", "status=\"executed\""))
                .as("the latency histogram moved").isEqualTo(latenciesBefore + 1);
        assertThat(metric("doorlock_commands_redispatched_total")).isGreaterThan(resentBefore);
    }

    private static double metric(String name, String... labels) {
        return PrometheusText.sum(RestAssured.get("/q/metrics").asString(), name, labels);
    }

    @Test
    void aCommandNeverAcknowledgedTimesOutAfterItsDeliveries() {
        String command = request("door-13", CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitDispatch(command);
        delivered(command, "door-13", 1);
        awaitStatus(command, "sent");
        pass(config.ackTimeout());
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(2);
        delivered(command, "door-13", 2);
        awaitDeliveries(command, 2);
        pass(config.ackTimeout());
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(3);
        delivered(command, "door-13", 3);
        awaitDeliveries(command, 3);
        pass(config.ackTimeout());
        JsonNode timedOut = awaitStatus(command, "timed_out");
        assertThat(timedOut.at("/data/command").asText()).isEqualTo("lock_door");
        assertNoDispatchFor("door-13", command);
        assertThat(repository.findById(command).deliveries).as("max-attempts deliveries").isEqualTo(3);
    }

    @Test
    void dispatchesThatFoundNoTakerDoNotUseUpTheDeliveriesOfAQueuedCommand() {
        String command = request("door-18", CommandType.UPDATE_SETTINGS, "{\"settings\":{\"motionSensitivity\":10}}", Optional.empty());
        // Nobody delivers: the device was never heard of, so it counts as online and the command is tried 3 times.
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(1);
        pass(config.ackTimeout());
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(2);
        pass(config.ackTimeout());
        assertThat(awaitDispatch(command).at("/data/attempt").asInt()).isEqualTo(3);
        assertNoDispatchFor("door-18", command); // then only every offline-retry (60 s)
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
        doc.payload = new Document();
        doc.status = "queued";
        doc.requestedBy = "user-1";
        doc.correlationId = doc.id;
        doc.createdAt = clock.instant();
        doc.requestedAt = doc.createdAt;
        doc.expiresAt = doc.createdAt.plusSeconds(30);
        doc.nextAttemptAt = doc.createdAt;
        doc.revision = 1;
        repository.create(doc);
        timers.sweep();
        assertThat(awaitDispatch(doc.id).at("/data/attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aCancelWhileADispatchIsOnItsWayIsRefused() {
        String command = request("door-20", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitDispatch(command); // published; no receipt yet
        awaitStatus(command, "queued"); // the announcement of its creation
        clock.advance(config.ackTimeout().minusMillis(1));
        cancel(command, "door-20");
        JsonNode announced = awaitStatus(command, "queued"); // announced again: a cancellation would say "cancelled"
        assertThat(announced.at("/data/revision").asLong()).isEqualTo(1);
        assertThat(repository.findById(command).status).isEqualTo("queued");
    }

    @Test
    void aCancelOnceTheLastDispatchIsAnAckTimeoutOldGoesThrough() {
        String command = request("door-23", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty());
        awaitDispatch(command);
        awaitStatus(command, "queued");
        clock.advance(config.ackTimeout()); // no receipt came: the dispatch is no longer on its way
        cancel(command, "door-23");
        assertThat(awaitStatus(command, "cancelled").at("/data/revision").asLong()).isEqualTo(2);
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
        pass(config.executionTimeout());
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
        assertNoDispatchFor("door-15", queued);

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
        bus.request(commandId, "door-16", CommandType.UNLOCK_DOOR, "{\"duration\":3000}", Optional.empty(), clock.instant().minusSeconds(40));
        awaitStatus(commandId, "queued");
        timers.sweep();
        awaitStatus(commandId, "expired");
        assertNoDispatchFor("door-16", commandId);
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

    /** {@code duration} passes on command-service's clock; then the sweeper looks once. */
    private void pass(Duration duration) {
        clock.advance(duration);
        timers.sweep();
    }

    private void offline(String deviceId) {
        presence(deviceId, "device_disconnected");
        await().atMost(WAIT).until(() -> links.find(deviceId).offline());
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

    /** The gateways' receipts have been counted: the sweeper's next decision sees them. */
    private void awaitDeliveries(String commandId, int deliveries) {
        await().atMost(WAIT).until(() -> repository.findById(commandId).deliveries == deliveries);
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
        await().atMost(WAIT).until(() -> Arrays.stream(commandIds).noneMatch(id -> repository.findById(id).status.equals("queued")));
        Map<String, Integer> attempts = new HashMap<>();
        for (String id : commandIds) {
            attempts.put(id, repository.findById(id).attempts);
        }
        pass(config.ackTimeout());
        pass(config.ackTimeout());
        for (String id : commandIds) {
            assertThat(repository.findById(id).attempts).as("attempts of %s", id).isEqualTo(attempts.get(id));
        }
    }

    /**
     * Nothing dispatched for these commands of {@code deviceId} over two ack timeouts: the sweeper looks after each,
     * then a probe request for the same device (handled after everything sent before it for that device) is announced,
     * and nothing for these ids was dispatched before it.
     */
    private void assertNoDispatchFor(String deviceId, String... commandIds) {
        pass(config.ackTimeout());
        pass(config.ackTimeout());
        String probe = request(deviceId, CommandType.LOCK_DOOR, "{}", Optional.empty());
        awaitStatus(probe, "queued");
        for (TestMqttClient.Received m : bus.client.drain()) {
            for (String id : commandIds) {
                assertThat(m.topic().equals(Topics.COMMAND_DISPATCH) && m.payload().contains(id)).as("dispatch of %s", id).isFalse();
            }
        }
    }
}
