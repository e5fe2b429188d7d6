package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link CommandRules} know of a stored command: the fields its steps depend on. Read from a
 * {@link CommandDocument}: by id for a step from the bus, as the sweeper's query returned it for a timer.
 *
 * @param attempts dispatches claimed so far
 * @param deliveries deliveries the gateways reported
 * @param lastDispatchAt when the last dispatch was claimed; empty: never dispatched
 * @param nextAttemptAt when the sweeper next looks at the command
 * @param receivedAt when the device acked {@code received}
 */
public record CommandSnapshot(String id, String deviceId, CommandType type, CommandState state, String requestedBy,
        Instant expiresAt, int attempts, int deliveries, Optional<Instant> lastDispatchAt, Optional<Instant> nextAttemptAt,
        Optional<Instant> receivedAt) {

    public static CommandSnapshot of(CommandDocument doc) {
        return new CommandSnapshot(doc.id, doc.deviceId, CommandType.fromWireName(doc.command).orElseThrow(), doc.state(), doc.requestedBy,
                doc.expiresAt, doc.attempts, doc.deliveries, Optional.ofNullable(doc.lastDispatchAt), Optional.ofNullable(doc.nextAttemptAt),
                Optional.ofNullable(doc.receivedAt));
    }
}
