package io.doorlock.commandservice.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.commandservice.command.CommandOutcome.Announce;
import io.doorlock.commandservice.command.CommandOutcome.Create;
import io.doorlock.commandservice.command.CommandOutcome.Ignore;
import io.doorlock.commandservice.command.CommandOutcome.Write;
import io.doorlock.commandservice.command.CommandStep.Ack;
import io.doorlock.commandservice.command.CommandStep.AttemptDue;
import io.doorlock.commandservice.command.CommandStep.Cancel;
import io.doorlock.commandservice.command.CommandStep.Delivery;
import io.doorlock.commandservice.command.CommandStep.Dispatch;
import io.doorlock.commandservice.command.CommandStep.ExecutionTimeout;
import io.doorlock.commandservice.command.CommandStep.Expire;
import io.doorlock.commandservice.command.CommandStep.Request;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.device.AckStatus;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import io.doorlock.commandservice.CommandConfig;

/**
 * Every transition of the command state machine (docs/architecture.md, "Command state machine") and every step that
 * changes nothing, one small test each, as Eclipse Ditto tests its command strategies: a stored command, a step at a
 * fixed instant, and the outcome. No broker, no database, no clock. The configuration is the documented defaults: ack
 * timeout 10 s, 3 attempts, offline retry 60 s, execution timeout 60 s (firmware 30 min), expiry grace 2 s, unlock
 * deadline 30 s.
 */
class CommandRulesTest {

    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    static final CommandConfig CONFIG = new SmallRyeConfigBuilder().withConverter(Duration.class, 100, new DurationConverter())
            .withMapping(CommandConfig.class).build().getConfigMapping(CommandConfig.class);
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    static final CommandRules RULES = new CommandRules(CONFIG);

    static CommandOutcome apply(Stored stored, CommandStep step) {
        return RULES.apply(Optional.of(stored.snapshot()), step);
    }

    static Write write(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(Write.class);
        return (Write) outcome;
    }

    static String ignored(CommandOutcome outcome) {
        assertThat(outcome).isInstanceOf(Ignore.class);
        return ((Ignore) outcome).reason();
    }

    /** A stored command of door-1 by user-1: an unlock created at T0 - 1 s, due at T0, expiring at T0 + 29 s. */
    static final class Stored {
        CommandType type = CommandType.UNLOCK_DOOR;
        CommandState state = CommandState.QUEUED;
        Instant expiresAt = T0.plusSeconds(29);
        int attempts;
        int deliveries;
        Optional<Instant> lastDispatchAt = Optional.empty();
        Optional<Instant> nextAttemptAt = Optional.of(T0);
        Optional<Instant> receivedAt = Optional.empty();

        Stored in(CommandState state) {
            this.state = state;
            return this;
        }

        Stored type(CommandType type) {
            this.type = type;
            return this;
        }

        Stored expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /** {@code attempts} dispatches, the last at {@code at}, and the sweeper's next look an ack timeout later. */
        Stored dispatched(int attempts, Instant at) {
            this.attempts = attempts;
            this.lastDispatchAt = Optional.of(at);
            this.nextAttemptAt = Optional.of(at.plus(ACK_TIMEOUT));
            return this;
        }

        Stored deliveries(int deliveries) {
            this.deliveries = deliveries;
            return this;
        }

        Stored nextAttemptAt(Instant at) {
            this.nextAttemptAt = Optional.of(at);
            return this;
        }

        Stored receivedAt(Instant at) {
            this.receivedAt = Optional.of(at);
            return this;
        }

        CommandSnapshot snapshot() {
            return new CommandSnapshot("cmd-1", "door-1", type, state, "user-1", expiresAt, attempts, deliveries, lastDispatchAt,
                    nextAttemptAt, receivedAt);
        }
    }

    static Stored queued() {
        return new Stored();
    }

    /** Dispatched once at T0 - 10 s (the ack timeout has just passed) and delivered. */
    static Stored sent() {
        return new Stored().in(CommandState.SENT).dispatched(1, T0.minus(ACK_TIMEOUT)).deliveries(1);
    }

    /** Received at T0 - 1 s. */
    static Stored received() {
        return sent().in(CommandState.RECEIVED).receivedAt(T0.minusSeconds(1));
    }

    static CommandRequested request(String deviceId, String requestedBy, CommandType type, Instant requestedAt, Optional<Integer> ttl) {
        return new CommandRequested("cmd-1", deviceId, type, null, requestedBy, requestedAt, ttl, List.of("view", "control", "admin"));
    }

    static CommandRequested unlock(Instant requestedAt) {
        return request("door-1", "user-1", CommandType.UNLOCK_DOOR, requestedAt, Optional.empty());
    }

    static Create create(CommandRequested request, boolean offline) {
        CommandOutcome outcome = RULES.apply(Optional.empty(), new Request(request, offline, T0));
        assertThat(outcome).isInstanceOf(Create.class);
        return (Create) outcome;
    }

    static Ack ack(AckStatus status) {
        return new Ack("door-1", status, Optional.empty(), T0);
    }

    static Delivery delivery() {
        return new Delivery("door-1", Transport.WEBSOCKET, T0);
    }

    static Cancel cancel() {
        return new Cancel("door-1", "user-2", T0);
    }

    static void assertTransition(CommandOutcome outcome, CommandState from, CommandState to) {
        Write write = write(outcome);
        assertThat(write.state()).contains(to);
        assertThat(write.expected().states()).contains(from);
        assertThat(write.expected().commandId()).isEqualTo("cmd-1");
        assertThat(write.expected().deviceId()).isEqualTo("door-1");
        assertThat(write.at()).isEqualTo(T0);
        assertThat(write.publishStatus()).isTrue();
        assertThat(write.publishDispatch()).isFalse();
        assertThat(write.ignored()).isEmpty();
    }

    // --- [*] -> queued: request ---

    @Test
    void aRequestBecomesAQueuedCommandDueAtOnce() {
        Create create = create(unlock(T0), false);
        assertThat(create.createdAt()).isEqualTo(T0);
        assertThat(create.requestedAt()).isEqualTo(T0);
        assertThat(create.expiresAt()).as("unlock_door: 30 s").isEqualTo(T0.plusSeconds(30));
        assertThat(create.nextAttemptAt()).as("a replica that dies before dispatching loses nothing").isEqualTo(T0);
        assertThat(create.dispatchNow()).isTrue();
    }

    @Test
    void aRequestForADeviceBelievedOfflineWaitsForTheOfflineRetry() {
        Create create = create(unlock(T0), true);
        assertThat(create.nextAttemptAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(create.dispatchNow()).isFalse();
    }

    @Test
    void theDeadlineCountsFromTheUsersRequestNotFromItsArrival() {
        Create late = create(unlock(T0.minusSeconds(40)), false);
        assertThat(late.requestedAt()).isEqualTo(T0.minusSeconds(40));
        assertThat(late.expiresAt()).as("already past").isEqualTo(T0.minusSeconds(10));
    }

    @Test
    void aRequestTimeInTheFutureOrMissingIsNotBelieved() {
        assertThat(create(unlock(T0.plusSeconds(60)), false).requestedAt()).isEqualTo(T0);
        assertThat(create(unlock(null), false).requestedAt()).isEqualTo(T0);
    }

    @Test
    void aRequestMayShortenButNeverLengthenTheDeadline() {
        assertThat(create(request("door-1", "user-1", CommandType.UNLOCK_DOOR, T0, Optional.of(5)), false).expiresAt())
                .isEqualTo(T0.plusSeconds(5));
        assertThat(create(request("door-1", "user-1", CommandType.UNLOCK_DOOR, T0, Optional.of(3600)), false).expiresAt())
                .isEqualTo(T0.plusSeconds(30));
        assertThat(create(request("door-1", "user-1", CommandType.FIRMWARE_UPDATE, T0, Optional.empty()), false).expiresAt())
                .as("firmware_update: 24 h, the maximum").isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @Test
    void theSameRequestAgainIsAnnouncedAgainAndDispatchedIfItNeverWas() {
        assertThat(apply(queued(), new Request(unlock(T0), false, T0))).isEqualTo(new Announce(true));
    }

    @Test
    void theSameRequestAgainAfterADispatchIsOnlyAnnouncedAgain() {
        assertThat(apply(queued().dispatched(1, T0), new Request(unlock(T0), false, T0))).isEqualTo(new Announce(false));
        assertThat(apply(sent(), new Request(unlock(T0), false, T0))).isEqualTo(new Announce(false));
        assertThat(apply(queued().in(CommandState.EXECUTED), new Request(unlock(T0), false, T0))).isEqualTo(new Announce(false));
    }

    @Test
    void aCommandIdReusedForAnotherDeviceUserOrCommandIsIgnored() {
        for (CommandRequested other : List.of(request("door-2", "user-1", CommandType.UNLOCK_DOOR, T0, Optional.empty()),
                request("door-1", "user-2", CommandType.UNLOCK_DOOR, T0, Optional.empty()),
                request("door-1", "user-1", CommandType.LOCK_DOOR, T0, Optional.empty()))) {
            assertThat(ignored(apply(queued(), new Request(other, false, T0)))).isEqualTo(CommandRules.CONFLICTING);
        }
    }

    // --- queued -> queued: dispatch (claim) ---

    @Test
    void aQueuedCommandIsDispatchedByClaimingItsNextAttempt() {
        Write claim = write(apply(queued(), new Dispatch(T0)));
        assertThat(claim.state()).as("the state stays").isEmpty();
        assertThat(claim.publishDispatch()).isTrue();
        assertThat(claim.publishStatus()).isFalse();
        assertThat(claim.writes().attemptsAdded()).isEqualTo(1);
        assertThat(claim.writes().lastDispatchAt()).contains(T0);
        assertThat(claim.writes().nextAttemptAt()).as("the ack timeout").contains(T0.plus(ACK_TIMEOUT));
        Precondition expected = claim.expected();
        assertThat(expected.states()).containsExactly(CommandState.QUEUED);
        assertThat(expected.attempts()).as("only one caller wins attempt 1").contains(0);
        assertThat(expected.deliveriesBelow()).contains(3);
        assertThat(expected.expiresAfter()).contains(T0);
    }

    @Test
    void aDeviceThatComesOnlineGetsAQueuedCommandAgainWhateverItsAttempts() {
        Write claim = write(apply(queued().dispatched(2, T0.minusSeconds(1)), new Dispatch(T0)));
        assertThat(claim.expected().attempts()).contains(2);
    }

    @Test
    void nothingIsDispatchedAtOrPastTheDeadline() {
        assertThat(ignored(apply(queued().expiresAt(T0), new Dispatch(T0)))).isEqualTo(CommandRules.DEADLINE_PASSED);
    }

    @Test
    void nothingIsDispatchedOnceTheDeliveriesAreUsedUp() {
        assertThat(ignored(apply(queued().deliveries(3), new Dispatch(T0)))).isEqualTo(CommandRules.DELIVERIES_USED_UP);
    }

    @Test
    void onlyAQueuedCommandIsDispatchedOnRequestOrReconnect() {
        assertThat(ignored(apply(sent(), new Dispatch(T0)))).isEqualTo(CommandRules.NOT_APPLICABLE);
    }

    // --- queued -> queued, sent -> sent: the sweeper's next attempt ---

    @Test
    void aQueuedDispatchWithoutTakerIsDispatchedAgainAfterTheAckTimeout() {
        Write claim = write(apply(queued().dispatched(1, T0.minus(ACK_TIMEOUT)), new AttemptDue(false, T0)));
        assertThat(claim.expected().states()).containsExactly(CommandState.QUEUED);
        assertThat(claim.expected().attempts()).contains(1);
        assertThat(claim.writes().nextAttemptAt()).contains(T0.plus(ACK_TIMEOUT));
        assertThat(claim.publishDispatch()).isTrue();
    }

    @Test
    void aDeviceBelievedOfflineIsTriedOnlyEveryOfflineRetry() {
        Write claim = write(apply(queued().dispatched(1, T0.minus(ACK_TIMEOUT)), new AttemptDue(true, T0)));
        assertThat(claim.writes().nextAttemptAt()).contains(T0.plusSeconds(60));
    }

    @Test
    void afterMaxAttemptsDispatchesInARowWithoutTakerTheNextWaitsForTheOfflineRetry() {
        Write second = write(apply(queued().dispatched(1, T0.minus(ACK_TIMEOUT)), new AttemptDue(false, T0)));
        assertThat(second.writes().nextAttemptAt()).contains(T0.plus(ACK_TIMEOUT));
        Write third = write(apply(queued().dispatched(2, T0.minus(ACK_TIMEOUT)), new AttemptDue(false, T0)));
        assertThat(third.writes().nextAttemptAt()).as("the third in a row").contains(T0.plusSeconds(60));
    }

    @Test
    void aSentCommandWithoutReceivedIsSentAgainWithTheSameId() {
        Write resend = write(apply(sent(), new AttemptDue(false, T0)));
        assertThat(resend.state()).isEmpty();
        assertThat(resend.expected().states()).containsExactly(CommandState.SENT);
        assertThat(resend.expected().attempts()).contains(1);
        assertThat(resend.expected().deliveriesBelow()).contains(3);
        assertThat(resend.writes().attemptsAdded()).isEqualTo(1);
        assertThat(resend.publishDispatch()).isTrue();
    }

    @Test
    void aQueuedCommandThatCanNoLongerBeSentIsPostponedToAfterItsExpiry() {
        Stored pastDeadline = queued().dispatched(1, T0.minusSeconds(40)).expiresAt(T0);
        Write postpone = write(apply(pastDeadline, new AttemptDue(false, T0)));
        assertThat(postpone.state()).isEmpty();
        assertThat(postpone.publishStatus()).isFalse();
        assertThat(postpone.publishDispatch()).isFalse();
        assertThat(postpone.writes().nextAttemptAt()).as("deadline + grace + ack timeout + 1 s").contains(T0.plusSeconds(13));
        assertThat(postpone.expected().nextAttemptAt()).as("unless someone moved it").isEqualTo(pastDeadline.nextAttemptAt);
        assertThat(postpone.expected().states()).as("whatever the state").containsExactlyInAnyOrder(CommandState.values());
    }

    @Test
    void theSweeperDoesNothingBeforeTheNextAttemptOrForAnotherState() {
        assertThat(ignored(apply(queued().nextAttemptAt(T0.plusMillis(1)), new AttemptDue(false, T0)))).isEqualTo(CommandRules.NOT_DUE);
        assertThat(ignored(apply(received(), new AttemptDue(false, T0)))).isEqualTo(CommandRules.NOT_APPLICABLE);
    }

    // --- sent -> timed_out ---

    @Test
    void aSentCommandWhoseDeliveriesAreUsedUpTimesOut() {
        CommandOutcome outcome = apply(sent().dispatched(3, T0.minus(ACK_TIMEOUT)).deliveries(3), new AttemptDue(false, T0));
        assertTransition(outcome, CommandState.SENT, CommandState.TIMED_OUT);
        assertThat(write(outcome).note()).contains("no ack after 3 deliveries");
        assertThat(write(outcome).writes().completedAt()).contains(T0);
    }

    @Test
    void aSentCommandPastItsDeadlineTimesOut() {
        CommandOutcome outcome = apply(sent().expiresAt(T0), new AttemptDue(false, T0));
        assertTransition(outcome, CommandState.SENT, CommandState.TIMED_OUT);
        assertThat(write(outcome).note()).contains("no ack before the deadline");
    }

    // --- queued -> sent: delivery receipt ---

    @Test
    void aDeliveryReceiptMovesAQueuedCommandToSent() {
        CommandOutcome outcome = apply(queued().dispatched(1, T0.minusSeconds(1)), delivery());
        assertTransition(outcome, CommandState.QUEUED, CommandState.SENT);
        Write sent = write(outcome);
        assertThat(sent.expected().states()).containsExactly(CommandState.QUEUED);
        assertThat(sent.writes().deliveriesAdded()).isEqualTo(1);
        assertThat(sent.writes().sentAt()).contains(T0);
        assertThat(sent.writes().transport()).contains("websocket");
        assertThat(sent.note()).contains("via websocket");
    }

    @ParameterizedTest
    @EnumSource(value = CommandState.class, names = "QUEUED", mode = EnumSource.Mode.EXCLUDE)
    void aReceiptForACommandPastQueuedIsCountedButChangesNoState(CommandState state) {
        Write counted = write(apply(sent().in(state), delivery()));
        assertThat(counted.state()).isEmpty();
        assertThat(counted.writes().deliveriesAdded()).as("re-sends use up deliveries too").isEqualTo(1);
        assertThat(counted.writes().sentAt()).isEmpty();
        assertThat(counted.ignored()).contains(CommandRules.NOT_APPLICABLE);
        assertThat(counted.expected().states()).containsExactlyInAnyOrder(CommandState.values());
        assertThat(counted.publishStatus()).isFalse();
        assertThat(counted.publishDispatch()).isFalse();
    }

    @Test
    void aReceiptForAnUnknownOrForeignCommandIsIgnored() {
        assertThat(ignored(RULES.apply(Optional.empty(), delivery()))).isEqualTo(CommandRules.UNKNOWN);
        assertThat(ignored(apply(queued(), new Delivery("door-2", Transport.MQTT, T0)))).isEqualTo(CommandRules.FOREIGN);
    }

    // --- acks ---

    @Test
    void queuedToReceivedWhenTheAckOvertakesTheReceipt() {
        CommandOutcome outcome = apply(queued().dispatched(1, T0.minusSeconds(1)), ack(AckStatus.RECEIVED));
        assertTransition(outcome, CommandState.QUEUED, CommandState.RECEIVED);
        assertThat(write(outcome).writes().receivedAt()).contains(T0);
        assertThat(write(outcome).writes().completedAt()).isEmpty();
    }

    @Test
    void queuedToExecuted() {
        CommandOutcome outcome = apply(queued().dispatched(1, T0.minusSeconds(1)), ack(AckStatus.EXECUTED));
        assertTransition(outcome, CommandState.QUEUED, CommandState.EXECUTED);
        assertThat(write(outcome).writes().completedAt()).contains(T0);
    }

    @Test
    void queuedToFailed() {
        assertTransition(apply(queued().dispatched(1, T0.minusSeconds(1)), ack(AckStatus.FAILED)), CommandState.QUEUED, CommandState.FAILED);
    }

    @Test
    void sentToReceived() {
        CommandOutcome outcome = apply(sent(), ack(AckStatus.RECEIVED));
        assertTransition(outcome, CommandState.SENT, CommandState.RECEIVED);
        assertThat(write(outcome).expected().states()).containsExactlyInAnyOrder(CommandState.QUEUED, CommandState.SENT);
    }

    @Test
    void sentToExecuted() {
        CommandOutcome outcome = apply(sent(), ack(AckStatus.EXECUTED));
        assertTransition(outcome, CommandState.SENT, CommandState.EXECUTED);
        assertThat(write(outcome).expected().states()).containsExactlyInAnyOrder(CommandState.QUEUED, CommandState.SENT, CommandState.RECEIVED);
    }

    @Test
    void sentToFailedWithTheDevicesReason() {
        CommandOutcome outcome = apply(sent(), new Ack("door-1", AckStatus.FAILED, Optional.of("bolt jammed"), T0));
        assertTransition(outcome, CommandState.SENT, CommandState.FAILED);
        assertThat(write(outcome).writes().errorMessage()).contains("bolt jammed");
        assertThat(write(outcome).note()).contains("bolt jammed");
        assertThat(write(outcome).writes().completedAt()).contains(T0);
    }

    @Test
    void receivedToExecuted() {
        assertTransition(apply(received(), ack(AckStatus.EXECUTED)), CommandState.RECEIVED, CommandState.EXECUTED);
    }

    @Test
    void receivedToFailed() {
        assertTransition(apply(received(), ack(AckStatus.FAILED)), CommandState.RECEIVED, CommandState.FAILED);
    }

    @Test
    void anAckForTheStateTheCommandIsInIsADuplicate() {
        assertThat(ignored(apply(received(), ack(AckStatus.RECEIVED)))).isEqualTo(CommandRules.DUPLICATE);
        assertThat(ignored(apply(received().in(CommandState.EXECUTED), ack(AckStatus.EXECUTED)))).isEqualTo(CommandRules.DUPLICATE);
        assertThat(ignored(apply(received().in(CommandState.FAILED), ack(AckStatus.FAILED)))).isEqualTo(CommandRules.DUPLICATE);
        assertThat(ignored(apply(received().in(CommandState.EXECUTED), ack(AckStatus.RECEIVED)))).as("received after executed")
                .isEqualTo(CommandRules.DUPLICATE);
    }

    @Test
    void anAckAfterTheCommandEndedOtherwiseIsLate() {
        assertThat(ignored(apply(received().in(CommandState.EXECUTED), ack(AckStatus.FAILED)))).isEqualTo(CommandRules.LATE);
        assertThat(ignored(apply(received().in(CommandState.FAILED), ack(AckStatus.RECEIVED)))).isEqualTo(CommandRules.LATE);
        for (CommandState ended : List.of(CommandState.EXPIRED, CommandState.TIMED_OUT, CommandState.CANCELLED)) {
            assertThat(ignored(apply(queued().in(ended), ack(AckStatus.EXECUTED)))).as("executed after %s", ended).isEqualTo(CommandRules.LATE);
        }
    }

    @Test
    void anAckFromAnotherDeviceOrForAnUnknownCommandIsIgnored() {
        assertThat(ignored(apply(sent(), new Ack("intruder-9", AckStatus.EXECUTED, Optional.empty(), T0)))).isEqualTo(CommandRules.FOREIGN);
        assertThat(ignored(RULES.apply(Optional.empty(), ack(AckStatus.EXECUTED)))).isEqualTo(CommandRules.UNKNOWN);
    }

    // --- queued -> cancelled ---

    @Test
    void aQueuedCommandNeverDispatchedIsCancelled() {
        CommandOutcome outcome = apply(queued(), cancel());
        assertTransition(outcome, CommandState.QUEUED, CommandState.CANCELLED);
        Write cancelled = write(outcome);
        assertThat(cancelled.note()).contains("cancelled by user-2");
        assertThat(cancelled.writes().completedAt()).contains(T0);
        assertThat(cancelled.expected().states()).containsExactly(CommandState.QUEUED);
        assertThat(cancelled.expected().noDispatchAfter()).as("no dispatch in flight when written").contains(T0.minus(ACK_TIMEOUT));
    }

    @Test
    void aQueuedCommandIsCancelledOnceItsLastDispatchIsAnAckTimeoutOld() {
        assertTransition(apply(queued().dispatched(1, T0.minus(ACK_TIMEOUT)), cancel()), CommandState.QUEUED, CommandState.CANCELLED);
    }

    @Test
    void aCancelWhileADispatchMayBeReachingTheDeviceIsRefusedAndTheStateAnnouncedAgain() {
        assertThat(apply(queued().dispatched(1, T0.minus(ACK_TIMEOUT).plusMillis(1)), cancel())).isEqualTo(new Announce(false));
    }

    @Test
    void onlyAQueuedCommandCanBeCancelled() {
        for (CommandState state : CommandState.values()) {
            if (state != CommandState.QUEUED) {
                assertThat(apply(sent().in(state), cancel())).as(state.wireName()).isEqualTo(new Announce(false));
            }
        }
    }

    @Test
    void aCancelNamingAnotherDeviceOrAnUnknownCommandIsIgnored() {
        assertThat(ignored(apply(queued(), new Cancel("door-99", "user-2", T0)))).isEqualTo(CommandRules.FOREIGN);
        assertThat(ignored(RULES.apply(Optional.empty(), cancel()))).isEqualTo(CommandRules.UNKNOWN);
    }

    // --- queued -> expired ---

    @Test
    void aQueuedCommandExpiresAtItsDeadlinePlusTheGraceWithNoDispatchInFlight() {
        CommandOutcome outcome = apply(queued().dispatched(1, T0.minusSeconds(12)).expiresAt(T0.minusSeconds(2)), new Expire(T0));
        assertTransition(outcome, CommandState.QUEUED, CommandState.EXPIRED);
        Write expired = write(outcome);
        assertThat(expired.note()).contains("not delivered before its deadline");
        assertThat(expired.writes().completedAt()).contains(T0);
        assertThat(expired.expected().noDispatchAfter()).contains(T0.minus(ACK_TIMEOUT));
    }

    @Test
    void aQueuedCommandNeverDispatchedExpiresToo() {
        assertTransition(apply(queued().expiresAt(T0.minusSeconds(30)), new Expire(T0)), CommandState.QUEUED, CommandState.EXPIRED);
    }

    @Test
    void noExpiryWithinTheGraceSoALateReceiptStillLands() {
        assertThat(ignored(apply(queued().expiresAt(T0.minusSeconds(2).plusMillis(1)), new Expire(T0)))).isEqualTo(CommandRules.NOT_DUE);
    }

    @Test
    void noExpiryWhileADispatchMayBeReachingTheDevice() {
        Stored inFlight = queued().dispatched(1, T0.minusSeconds(5)).expiresAt(T0.minusSeconds(3));
        assertThat(ignored(apply(inFlight, new Expire(T0)))).isEqualTo(CommandRules.DISPATCH_IN_FLIGHT);
    }

    @Test
    void onlyAQueuedCommandExpires() {
        assertThat(ignored(apply(sent().expiresAt(T0.minusSeconds(30)), new Expire(T0)))).isEqualTo(CommandRules.NOT_APPLICABLE);
    }

    // --- received -> timed_out ---

    @Test
    void aReceivedCommandWithoutAFinalAckTimesOutAfterTheExecutionTimeout() {
        CommandOutcome outcome = apply(received().receivedAt(T0.minusSeconds(60)), new ExecutionTimeout(T0));
        assertTransition(outcome, CommandState.RECEIVED, CommandState.TIMED_OUT);
        assertThat(write(outcome).note()).contains("no final ack within 60 s");
        assertThat(write(outcome).writes().completedAt()).contains(T0);
    }

    @Test
    void aFirmwareUpdateHasItsOwnExecutionTimeout() {
        Stored flashing = received().type(CommandType.FIRMWARE_UPDATE).receivedAt(T0.minusSeconds(60));
        assertThat(ignored(apply(flashing, new ExecutionTimeout(T0)))).isEqualTo(CommandRules.NOT_DUE);
        CommandOutcome outcome = apply(flashing.receivedAt(T0.minus(Duration.ofMinutes(30))), new ExecutionTimeout(T0));
        assertTransition(outcome, CommandState.RECEIVED, CommandState.TIMED_OUT);
        assertThat(write(outcome).note()).contains("no final ack within 1800 s");
    }

    @Test
    void noExecutionTimeoutBeforeItsTimeOrForAnotherState() {
        assertThat(ignored(apply(received().receivedAt(T0.minusSeconds(59)), new ExecutionTimeout(T0)))).isEqualTo(CommandRules.NOT_DUE);
        assertThat(ignored(apply(sent(), new ExecutionTimeout(T0)))).isEqualTo(CommandRules.NOT_APPLICABLE);
    }

    // --- final states are final ---

    @ParameterizedTest
    @EnumSource(value = CommandState.class, names = {"EXECUTED", "FAILED", "EXPIRED", "TIMED_OUT", "CANCELLED"})
    void aFinalStateIsNeverLeft(CommandState end) {
        Stored ended = received().in(end).expiresAt(T0.minusSeconds(60)).nextAttemptAt(T0.minusSeconds(60)).receivedAt(T0.minusSeconds(3600));
        for (AckStatus status : AckStatus.values()) {
            assertThat(apply(ended, ack(status))).isInstanceOf(Ignore.class);
        }
        assertThat(write(apply(ended, delivery())).state()).isEmpty();
        assertThat(apply(ended, cancel())).isInstanceOf(Announce.class);
        assertThat(apply(ended, new Dispatch(T0))).isInstanceOf(Ignore.class);
        assertThat(apply(ended, new AttemptDue(false, T0))).isInstanceOf(Ignore.class);
        assertThat(apply(ended, new Expire(T0))).isInstanceOf(Ignore.class);
        assertThat(apply(ended, new ExecutionTimeout(T0))).isInstanceOf(Ignore.class);
    }
}
