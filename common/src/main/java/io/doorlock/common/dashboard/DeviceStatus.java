package io.doorlock.common.dashboard;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Optional;

/** {@code device_status}: the device's connection status, with the connection manager's detail where known. */
public record DeviceStatus(
        @NotBlank String deviceId,
        @NotNull PresenceStatus status,
        @NotNull Instant timestamp,
        Optional<Boolean> hasSocket,
        Optional<Boolean> hasMqtt,
        Optional<Instant> connectedAt,
        Optional<Instant> lastSeen) {}
