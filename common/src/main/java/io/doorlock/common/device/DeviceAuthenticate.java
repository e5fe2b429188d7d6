package io.doorlock.common.device;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code authenticate}: first frame of a device that did not authenticate on the upgrade request. */
public record DeviceAuthenticate(
        @NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId,
        @NotBlank @Size(max = 512) String token) {

    @Override
    public String toString() {
        return "DeviceAuthenticate[deviceId=" + deviceId + ", token=***]";
    }
}
