package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code new_visitor}: a doorbell photo arrived. */
public record NewVisitor(@NotBlank String visitorId, @NotBlank String imageUrl, @NotBlank String deviceId, @NotNull Instant timestamp) {}
