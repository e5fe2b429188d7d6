package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code system_alert}: an operator notification, sent to the {@code admin} role room. */
public record SystemAlert(@NotNull AlertLevel level, @NotBlank @Size(max = 1024) String message) {}
