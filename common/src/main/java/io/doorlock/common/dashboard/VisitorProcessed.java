package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Optional;

/** {@code visitor_processed}: a decision was made on a visitor ({@code adminId} is empty for expiry). */
public record VisitorProcessed(@NotBlank String visitorId, @NotNull VisitorDecision decision, Optional<String> adminId, @NotNull Instant timestamp) {}
