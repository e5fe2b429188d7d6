package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What must still hold when an outcome of {@link CommandRules} is written. {@link CommandRepository#apply} makes it the
 * filter of one conditional update, so the database, not the snapshot the rules saw, has the last word: a step that
 * lost a race to another replica, the sweeper or another step changes nothing.
 *
 * @param states the command is in one of these
 * @param attempts exactly this many dispatches were claimed (only one caller wins the next one)
 * @param deliveriesBelow fewer deliveries than this were reported
 * @param expiresAfter the command's deadline is after this instant
 * @param noDispatchAfter no dispatch was claimed after this instant ({@link DispatchInFlight})
 * @param nextAttemptAt the sweeper's next look is still this one
 */
public record Precondition(String commandId, String deviceId, Set<CommandState> states, Optional<Integer> attempts,
        Optional<Integer> deliveriesBelow, Optional<Instant> expiresAfter, Optional<Instant> noDispatchAfter,
        Optional<Instant> nextAttemptAt) {

    public Precondition {
        states = Set.copyOf(states);
    }

    /** The command, still in one of {@code states}. */
    static Precondition in(CommandSnapshot command, Set<CommandState> states) {
        return new Precondition(command.id(), command.deviceId(), states, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The command, in whatever state. */
    static Precondition anyState(CommandSnapshot command) {
        return in(command, EnumSet.allOf(CommandState.class));
    }

    /** Also: still {@code attempts} dispatches, fewer than {@code maxDeliveries} deliveries and a deadline after {@code now}. */
    Precondition claimable(int attempts, int maxDeliveries, Instant now) {
        return new Precondition(commandId, deviceId, states, Optional.of(attempts), Optional.of(maxDeliveries), Optional.of(now),
                noDispatchAfter, nextAttemptAt);
    }

    /** Also: no dispatch claimed after {@code cutoff}. */
    Precondition noDispatchSince(Instant cutoff) {
        return new Precondition(commandId, deviceId, states, attempts, deliveriesBelow, expiresAfter, Optional.of(cutoff), nextAttemptAt);
    }

    /** Also: the sweeper's next look is still {@code seen}. */
    Precondition nextAttemptStill(Instant seen) {
        return new Precondition(commandId, deviceId, states, attempts, deliveriesBelow, expiresAfter, noDispatchAfter, Optional.of(seen));
    }
}
