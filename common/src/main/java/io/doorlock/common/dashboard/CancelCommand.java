package io.doorlock.common.dashboard;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code cancel_command}: cancel a command that is still queued. */
public record CancelCommand(@NotBlank @Pattern(regexp = Ids.UUID_PATTERN) String commandId) {}
