package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Optional;

/** {@code device_register}: a connected device announces what it is. */
public record DeviceRegister(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String espId,
        @NotNull DeviceType deviceType,
        Optional<@Size(min = 1, max = 32) String> firmwareVersion,
        Optional<@Size(max = 16) List<@NotNull @Pattern(regexp = "^[a-z][a-z0-9-]{0,31}$") String>> capabilities) implements FromDevice {

    /** The capability of firmware that checks the platform's signature on every command (device-protocol.md). */
    public static final String SIGNED_COMMANDS = "signed-commands";

    @Override
    public Optional<String> claimedDeviceId() {
        return Optional.empty();
    }
}
