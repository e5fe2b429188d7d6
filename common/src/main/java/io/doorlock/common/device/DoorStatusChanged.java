package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/** {@code door_status_changed}: the door is now locked or unlocked. */
public record DoorStatusChanged(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotNull DoorState status,
        Optional<@Size(max = 64) String> triggeredBy) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
