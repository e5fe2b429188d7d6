package io.doorlock.common.dashboard;

import io.doorlock.common.command.CommandState;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code command_status}: the command's current state. It is a state notification, not a delta: receiving the
 * same state twice is harmless, and {@code revision} (when present) orders notifications for one command.
 */
public record CommandStatus(
        @NotBlank String commandId,
        @NotNull CommandState status,
        Optional<String> errorMessage,
        Optional<String> deviceId,
        Optional<String> command,
        Optional<Instant> at,
        Optional<Long> revision) {}
