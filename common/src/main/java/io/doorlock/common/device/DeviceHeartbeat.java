package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** {@code device_heartbeat}: keep-alive, every 30 s by default. */
public record DeviceHeartbeat(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        Optional<@Min(0) @Max(100) Integer> batteryLevel,
        Optional<@Size(max = 32) String> status,
        Optional<@Min(-127) @Max(0) Integer> rssi,
        Optional<@Size(min = 1, max = 32) String> firmwareVersion) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
