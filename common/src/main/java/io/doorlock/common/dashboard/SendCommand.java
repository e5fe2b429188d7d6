package io.doorlock.common.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/**
 * {@code send_command}: execute {@code command} on {@code deviceId}. The validator also checks {@code payload} against
 * the command's own record, so a bad payload never reaches the queue.
 *
 * @param commandId optional idempotency key chosen by the client (a UUID); the same id twice yields one command
 * @param expiresInSeconds optional deadline shorter than the command type's default
 */
public record SendCommand(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotBlank String command,
        Optional<JsonNode> payload,
        Optional<@Pattern(regexp = Ids.UUID_PATTERN) String> commandId,
        Optional<@Min(1) @Max(86400) Integer> expiresInSeconds) {}
