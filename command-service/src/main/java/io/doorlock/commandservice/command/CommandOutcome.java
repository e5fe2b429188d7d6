package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandState;
import java.time.Instant;
import java.util.Optional;

/** What {@link CommandRules} decided about one step. {@link CommandLifecycle} carries it out. */
public sealed interface CommandOutcome {

    /**
     * Store a new command, {@code queued}. An insert: the unique {@code _id} is its precondition, and an existing id
     * makes the request a repeated one.
     *
     * @param nextAttemptAt when the sweeper looks at it: at once, so a replica that dies before dispatching it loses nothing
     * @param dispatchNow dispatch it at once; false when the device is believed offline (asked again after the insert)
     */
    record Create(Instant createdAt, Instant requestedAt, Instant expiresAt, Instant nextAttemptAt, boolean dispatchNow)
            implements CommandOutcome {}

    /**
     * One conditional update ({@link CommandRepository#apply}): written only if {@code expected} still holds.
     *
     * @param state the new state, which also raises {@code revision} and adds a history entry at {@code at} with
     *              {@code note}; empty: the state stays
     * @param ignored why the step did not apply although something is written (a receipt for a command past
     *                {@code queued} is still counted), counted as ignored
     */
    record Write(Precondition expected, Optional<CommandState> state, Optional<String> note, CommandWrites writes, Instant at,
            Optional<String> ignored) implements CommandOutcome {

        /** The new state is published on {@code command_status}. */
        public boolean publishStatus() {
            return state.isPresent();
        }

        /** The claimed attempt is published on {@code command_dispatch}. */
        public boolean publishDispatch() {
            return writes.attemptsAdded() > 0;
        }
    }

    /**
     * Nothing is written; the command's current state is published again (a repeated request, a refused cancel).
     *
     * @param thenDispatch a queued command never dispatched is dispatched next
     */
    record Announce(boolean thenDispatch) implements CommandOutcome {}

    /**
     * Nothing is written or published.
     *
     * @param reason for a step from the bus, the {@code reason} of {@code doorlock_command_steps_ignored_total}
     */
    record Ignore(String reason) implements CommandOutcome {}
}
