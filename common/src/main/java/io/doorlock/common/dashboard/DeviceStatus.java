package io.doorlock.common.dashboard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code device_status}: the device's connection status, with the connection manager's detail where known, and the
 * battery level the device last reported ({@code device_heartbeat} or {@code low_battery}) where dashboard-gateway
 * has heard one.
 */
public record DeviceStatus(
        @NotBlank String deviceId,
        @NotNull PresenceStatus status,
        @NotNull Instant timestamp,
        Optional<Boolean> hasSocket,
        Optional<Boolean> hasMqtt,
        Optional<Instant> connectedAt,
        Optional<Instant> lastSeen,
        Optional<@Min(0) @Max(100) Integer> batteryLevel) {

    /** The same status with another battery level. */
    public DeviceStatus withBatteryLevel(Optional<Integer> level) {
        return new DeviceStatus(deviceId, status, timestamp, hasSocket, hasMqtt, connectedAt, lastSeen, level);
    }
}
