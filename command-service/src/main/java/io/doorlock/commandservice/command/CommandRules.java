package io.doorlock.commandservice.command;

import io.doorlock.commandservice.command.CommandOutcome.Announce;
import io.doorlock.commandservice.command.CommandOutcome.Create;
import io.doorlock.commandservice.command.CommandOutcome.Ignore;
import io.doorlock.commandservice.command.CommandOutcome.Write;
import io.doorlock.commandservice.command.CommandStep.Ack;
import io.doorlock.commandservice.command.CommandStep.AttemptDue;
import io.doorlock.commandservice.command.CommandStep.Cancel;
import io.doorlock.commandservice.command.CommandStep.Delivery;
import io.doorlock.commandservice.command.CommandStep.Dispatch;
import io.doorlock.commandservice.command.CommandStep.Expire;
import io.doorlock.commandservice.command.CommandStep.Request;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import io.doorlock.commandservice.CommandConfig;

/**
 * The command state machine (docs/architecture.md, "Command state machine") as a pure function: the stored command
 * (or none), a step, and what follows. No I/O and no clock (each step carries its {@code now}), so every transition
 * and every ignored step is unit-tested. {@link CommandLifecycle} reads the command, asks here, and has
 * {@link CommandRepository#apply} write the outcome as one conditional update on the outcome's {@link Precondition}.
 */
public final class CommandRules {

    /** No command has the step's id. */
    public static final String UNKNOWN = "unknown";
    /** The command belongs to another device than the step names. */
    public static final String FOREIGN = "foreign";
    /** The command's state does not take the step (a receipt for a command past {@code queued}, a timer of another state). */
    public static final String NOT_APPLICABLE = "not_applicable";
    /** The ack asks for the state the command is in (or {@code received} once {@code executed}). */
    public static final String DUPLICATE = "duplicate";
    /** The ack came after the command ended otherwise. */
    public static final String LATE = "late";
    /** An ack for a live command in a state it cannot leave that way; left as a fallback, no state reaches it. */
    public static final String OUT_OF_ORDER = "out_of_order";
    /** The same command id for another device, requester or command. */
    public static final String CONFLICTING = "conflicting";
    /** No dispatch past the deadline. */
    public static final String DEADLINE_PASSED = "deadline_passed";
    /** {@code max-attempts} deliveries were reported. */
    public static final String DELIVERIES_USED_UP = "deliveries_used_up";
    /** The timer has not come yet. */
    public static final String NOT_DUE = "not_due";
    /** A dispatch may still be reaching the device ({@link DispatchInFlight}). */
    public static final String DISPATCH_IN_FLIGHT = "dispatch_in_flight";

    private final CommandConfig config;
    private final CommandDeadlines deadlines;
    private final DispatchInFlight inFlight;

    public CommandRules(CommandConfig config) {
        this.config = config;
        this.deadlines = new CommandDeadlines(config);
        this.inFlight = new DispatchInFlight(config.ackTimeout());
    }

    /** What follows when {@code step} happens to {@code stored} (empty: no command has the step's id). */
    public CommandOutcome apply(Optional<CommandSnapshot> stored, CommandStep step) {
        if (step instanceof Request request) {
            return stored.map(command -> repeated(command, request.request())).orElseGet(() -> create(request));
        }
        if (stored.isEmpty()) {
            return new Ignore(UNKNOWN);
        }
        CommandSnapshot command = stored.get();
        Instant now = step.now();
        if (step instanceof Dispatch) {
            return claim(command, EnumSet.of(CommandState.QUEUED), now, now.plus(config.ackTimeout()));
        }
        if (step instanceof Delivery delivery) {
            return command.deviceId().equals(delivery.deviceId()) ? delivered(command, delivery) : new Ignore(FOREIGN);
        }
        if (step instanceof Ack ack) {
            return command.deviceId().equals(ack.deviceId()) ? acked(command, ack) : new Ignore(FOREIGN);
        }
        if (step instanceof Cancel cancel) {
            return command.deviceId().equals(cancel.deviceId()) ? cancelled(command, cancel) : new Ignore(FOREIGN);
        }
        if (step instanceof Expire) {
            return expired(command, now);
        }
        if (step instanceof AttemptDue due) {
            return attemptDue(command, due.deviceOffline(), now);
        }
        return executionTimedOut(command, now);
    }

    /** A new command: its deadline counts from the user's request, and it is due at once (or after the offline retry). */
    private Create create(Request step) {
        CommandRequested request = step.request();
        Instant now = step.now();
        // Not from when the request got here: a request re-published after a crash must not give an unlock a fresh
        // 30 s. (A requestedAt in the future is not believed.)
        Instant requestedAt = request.requestedAt() == null || request.requestedAt().isAfter(now) ? now : request.requestedAt();
        Instant expiresAt = deadlines.expiresAt(request.command(), requestedAt, request.expiresInSeconds());
        Instant nextAttemptAt = step.deviceOffline() ? now.plus(config.offlineRetry()) : now;
        return new Create(now, requestedAt, expiresAt, nextAttemptAt, !step.deviceOffline());
    }

    /**
     * The same command id again. From the same requester for the same device and command it is a retry (dashboard-
     * gateway re-publishes unconfirmed requests): the current state is announced again, and a queued command never
     * dispatched is dispatched. Anything else reusing the id is ignored.
     */
    private CommandOutcome repeated(CommandSnapshot command, CommandRequested request) {
        boolean same = command.deviceId().equals(request.deviceId()) && command.requestedBy().equals(request.requestedBy())
                && command.type() == request.command();
        if (!same) {
            return new Ignore(CONFLICTING);
        }
        return new Announce(command.state() == CommandState.QUEUED && command.attempts() == 0);
    }

    /**
     * Claims the command's next dispatch: {@code attempts} from n to n + 1, if the command is in one of {@code from},
     * before its deadline and with deliveries left. However many replicas, sweeps and reconnects race, one wins each
     * attempt, and only the winner publishes.
     */
    private CommandOutcome claim(CommandSnapshot command, Set<CommandState> from, Instant now, Instant nextAttemptAt) {
        if (!from.contains(command.state())) {
            return new Ignore(NOT_APPLICABLE);
        }
        if (!command.expiresAt().isAfter(now)) {
            return new Ignore(DEADLINE_PASSED);
        }
        if (command.deliveries() >= config.maxAttempts()) {
            return new Ignore(DELIVERIES_USED_UP);
        }
        Precondition expected = Precondition.in(command, from).claimable(command.attempts(), config.maxAttempts(), now);
        return new Write(expected, Optional.empty(), Optional.empty(), CommandWrites.claim(now, nextAttemptAt), now, Optional.empty());
    }

    /**
     * A gateway wrote the command to the device: {@code queued -> sent}. The delivery counts whatever the state (the
     * deliveries a sent command has left count re-sends too).
     */
    private Write delivered(CommandSnapshot command, Delivery delivery) {
        Instant now = delivery.now();
        if (command.state() != CommandState.QUEUED) {
            return new Write(Precondition.anyState(command), Optional.empty(), Optional.empty(), CommandWrites.delivery(), now,
                    Optional.of(NOT_APPLICABLE));
        }
        String transport = delivery.transport().name().toLowerCase(Locale.ROOT);
        return transition(Precondition.in(command, EnumSet.of(CommandState.QUEUED)), CommandState.SENT, Optional.of("via " + transport),
                CommandWrites.sent(now, transport), now);
    }

    /** The device acked: the states each ack leaves from are {@link AckTransition}'s. */
    private CommandOutcome acked(CommandSnapshot command, Ack ack) {
        AckTransition transition = AckTransition.of(ack.status());
        if (!transition.from().contains(command.state())) {
            return new Ignore(ackIgnored(command.state(), transition.to()));
        }
        Instant now = ack.now();
        CommandWrites writes = transition.to() == CommandState.RECEIVED
                ? CommandWrites.received(now, ack.errorMessage())
                : CommandWrites.completed(now, ack.errorMessage());
        return transition(Precondition.in(command, transition.from()), transition.to(), ack.errorMessage(), writes, now);
    }

    private static String ackIgnored(CommandState current, CommandState target) {
        if (current == target || (target == CommandState.RECEIVED && current == CommandState.EXECUTED)) {
            return DUPLICATE;
        }
        return current.isTerminal() ? LATE : OUT_OF_ORDER;
    }

    /**
     * {@code queued -> cancelled}, unless a dispatch may still be reaching the device (the door could open while the
     * history says cancelled). A command that cannot be cancelled keeps its state, which is announced again.
     */
    private CommandOutcome cancelled(CommandSnapshot command, Cancel cancel) {
        Instant now = cancel.now();
        if (command.state() != CommandState.QUEUED || inFlight.at(command.lastDispatchAt(), now)) {
            return new Announce(false);
        }
        Precondition expected = Precondition.in(command, EnumSet.of(CommandState.QUEUED)).noDispatchSince(inFlight.cutoff(now));
        return transition(expected, CommandState.CANCELLED, Optional.of("cancelled by " + cancel.requestedBy()),
                CommandWrites.completed(now, Optional.empty()), now);
    }

    /** {@code queued -> expired} once past the deadline and the expiry grace, with no dispatch in flight. */
    private CommandOutcome expired(CommandSnapshot command, Instant now) {
        if (command.state() != CommandState.QUEUED) {
            return new Ignore(NOT_APPLICABLE);
        }
        if (command.expiresAt().isAfter(now.minus(config.expiryGrace()))) {
            return new Ignore(NOT_DUE);
        }
        if (inFlight.at(command.lastDispatchAt(), now)) {
            return new Ignore(DISPATCH_IN_FLIGHT);
        }
        Precondition expected = Precondition.in(command, EnumSet.of(CommandState.QUEUED)).noDispatchSince(inFlight.cutoff(now));
        return transition(expected, CommandState.EXPIRED, Optional.of("not delivered before its deadline"),
                CommandWrites.completed(now, Optional.empty()), now);
    }

    /**
     * A queued or sent command's next look has come: a sent command out of deliveries or past its deadline is
     * {@code timed_out}; a queued one that can no longer be sent waits for its expiry; anything else is dispatched
     * again with the same id, after the ack timeout or, for a device believed offline, the offline retry.
     */
    private CommandOutcome attemptDue(CommandSnapshot command, boolean deviceOffline, Instant now) {
        if (command.state() != CommandState.QUEUED && command.state() != CommandState.SENT) {
            return new Ignore(NOT_APPLICABLE);
        }
        if (command.nextAttemptAt().filter(next -> !next.isAfter(now)).isEmpty()) {
            return new Ignore(NOT_DUE);
        }
        boolean deadlinePassed = !now.isBefore(command.expiresAt());
        boolean usedUp = command.deliveries() >= config.maxAttempts();
        if (command.state() == CommandState.SENT && (deadlinePassed || usedUp)) {
            String note = deadlinePassed ? "no ack before the deadline" : "no ack after " + command.deliveries() + " deliveries";
            return transition(Precondition.in(command, EnumSet.of(CommandState.SENT)), CommandState.TIMED_OUT, Optional.of(note),
                    CommandWrites.completed(now, Optional.empty()), now);
        }
        if (deadlinePassed || usedUp) {
            // Out of the sweeper's way until it expires.
            Instant afterExpiry = command.expiresAt().plus(config.expiryGrace()).plus(config.ackTimeout()).plusSeconds(1);
            return new Write(Precondition.anyState(command).nextAttemptStill(command.nextAttemptAt().get()), Optional.empty(),
                    Optional.empty(), CommandWrites.postponed(afterExpiry), now, Optional.empty());
        }
        // Believed offline, or with this one max-attempts dispatches in a row will have found no taker: the next try
        // comes only after the offline retry.
        boolean offline = deviceOffline || command.attempts() + 1 - command.deliveries() >= config.maxAttempts();
        return claim(command, EnumSet.of(command.state()), now, now.plus(offline ? config.offlineRetry() : config.ackTimeout()));
    }

    /** {@code received -> timed_out} without a final ack within the execution timeout (firmware: its own). */
    private CommandOutcome executionTimedOut(CommandSnapshot command, Instant now) {
        if (command.state() != CommandState.RECEIVED) {
            return new Ignore(NOT_APPLICABLE);
        }
        Duration timeout = command.type() == CommandType.FIRMWARE_UPDATE ? config.firmwareExecutionTimeout() : config.executionTimeout();
        if (command.receivedAt().filter(at -> !at.isAfter(now.minus(timeout))).isEmpty()) {
            return new Ignore(NOT_DUE);
        }
        return transition(Precondition.in(command, EnumSet.of(CommandState.RECEIVED)), CommandState.TIMED_OUT,
                Optional.of("no final ack within " + timeout.toSeconds() + " s"), CommandWrites.completed(now, Optional.empty()), now);
    }

    private static Write transition(Precondition expected, CommandState to, Optional<String> note, CommandWrites writes, Instant at) {
        return new Write(expected, Optional.of(to), note, writes, at, Optional.empty());
    }
}
