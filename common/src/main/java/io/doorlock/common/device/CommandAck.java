package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code command_ack}: the device confirms a command. A device acks {@code received} on arrival and then
 * {@code executed} or {@code failed}; a repeated {@code commandId} is re-acked, never executed twice.
 */
public record CommandAck(
        @NotBlank @Pattern(regexp = Ids.UUID_PATTERN) String commandId,
        @NotNull AckStatus status,
        Optional<@Pattern(regexp = Ids.ID_PATTERN) String> deviceId,
        Optional<@Size(max = 1024) String> errorMessage,
        Optional<Instant> timestamp) implements FromDevice {

    @Override
    public Optional<String> claimedDeviceId() {
        return deviceId;
    }
}
