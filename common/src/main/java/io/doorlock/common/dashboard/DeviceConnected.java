package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;

/** {@code device_connected}: the device came online. */
public record DeviceConnected(@NotBlank String deviceId, @NotBlank String deviceName, @NotNull Instant timestamp) {}
