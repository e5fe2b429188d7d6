package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** {@code error_occurred}: the device reports a fault of its own. */
public record ErrorOccurred(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotBlank @Size(max = 64) String errorCode,
        Optional<@Size(max = 1024) String> errorMessage) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
