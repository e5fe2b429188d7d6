package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;

/** {@code subscribed} / {@code unsubscribed}: answer to {@code subscribe_device} / {@code unsubscribe_device}. */
public record Subscribed(@NotBlank String deviceId) {}
