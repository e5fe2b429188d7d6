package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.Optional;

/** {@code device_disconnected}: the device went offline, with the reason (e.g. {@code heartbeat_timeout}). */
public record DeviceDisconnected(@NotBlank String deviceId, @NotBlank String deviceName, @NotBlank String reason, Optional<Instant> timestamp) {}
