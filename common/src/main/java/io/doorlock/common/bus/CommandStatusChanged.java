package io.doorlock.common.bus;

import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.Optional;

/**
 * A command changed state in command-service. {@code revision} increases by one per transition of that command,
 * so consumers can order and deduplicate.
 */
public record CommandStatusChanged(
        String commandId,
        String deviceId,
        CommandType command,
        CommandState status,
        Optional<String> errorMessage,
        Instant at,
        long revision,
        String requestedBy) {}
