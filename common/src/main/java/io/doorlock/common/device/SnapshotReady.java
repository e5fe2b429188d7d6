package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;

/** {@code snapshot_ready}: a camera image is available at {@code imageUrl} (http or https). */
public record SnapshotReady(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotBlank @Size(max = 2048) @Pattern(regexp = "^https?://\\S+$") String imageUrl,
        Optional<Instant> timestamp,
        Optional<@Size(max = 64) String> triggeredBy,
        Optional<@Pattern(regexp = Ids.UUID_PATTERN) String> commandId) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.of(deviceId);
    }
}
