package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Optional;

/** {@code low_battery}: the battery level fell below the device's threshold. */
public record LowBattery(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotNull @Min(0) @Max(100) Integer batteryLevel,
        Optional<Instant> timestamp) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
