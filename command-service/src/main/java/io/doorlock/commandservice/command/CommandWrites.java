package io.doorlock.commandservice.command;

import java.time.Instant;
import java.util.Optional;

/**
 * The fields an outcome of {@link CommandRules} writes besides the state: counters raised and times or texts set.
 *
 * @param attemptsAdded raises {@code attempts} (a claimed dispatch)
 * @param deliveriesAdded raises {@code deliveries} (a gateway's receipt)
 */
public record CommandWrites(int attemptsAdded, int deliveriesAdded, Optional<Instant> lastDispatchAt, Optional<Instant> nextAttemptAt,
        Optional<Instant> sentAt, Optional<String> transport, Optional<Instant> receivedAt, Optional<Instant> completedAt,
        Optional<String> errorMessage) {

    /** The next dispatch is claimed at {@code now}; the sweeper looks again at {@code nextAttemptAt}. */
    static CommandWrites claim(Instant now, Instant nextAttemptAt) {
        return new CommandWrites(1, 0, Optional.of(now), Optional.of(nextAttemptAt), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A delivery is counted, nothing else. */
    static CommandWrites delivery() {
        return new CommandWrites(0, 1, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** A delivery is counted and the command is {@code sent}, at {@code now} over {@code transport}. */
    static CommandWrites sent(Instant now, String transport) {
        return new CommandWrites(0, 1, Optional.empty(), Optional.empty(), Optional.of(now), Optional.of(transport), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The device received the command at {@code now}, with the device's message if it sent one. */
    static CommandWrites received(Instant now, Optional<String> errorMessage) {
        return new CommandWrites(0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(now),
                Optional.empty(), errorMessage);
    }

    /** The command ended at {@code now}, with the device's message if it sent one. */
    static CommandWrites completed(Instant now, Optional<String> errorMessage) {
        return new CommandWrites(0, 0, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(now), errorMessage);
    }

    /** The sweeper's next look moves to {@code nextAttemptAt}. */
    static CommandWrites postponed(Instant nextAttemptAt) {
        return new CommandWrites(0, 0, Optional.empty(), Optional.of(nextAttemptAt), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
