package io.doorlock.common.command;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Optional;

/**
 * Fields every Backend-to-Device command frame carries next to its payload fields:
 * {@code {"commandId": "...", "timestamp": "...", "expiresAt": "...", <payload fields>}}.
 * A device must not execute a command after {@code expiresAt}.
 */
public record DeviceCommandHeader(
        @NotBlank @Pattern(regexp = Ids.UUID_PATTERN) String commandId,
        Optional<Instant> timestamp,
        Optional<Instant> expiresAt) {}
