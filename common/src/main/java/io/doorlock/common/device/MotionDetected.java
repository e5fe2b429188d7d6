package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Optional;

/** {@code motion_detected}: the sensor fired; {@code confidence} is 0.0 to 1.0. */
public record MotionDetected(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        Optional<Instant> timestamp,
        @NotNull @DecimalMin("0.0") @DecimalMax("1.0") Double confidence) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
