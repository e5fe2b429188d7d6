package io.doorlock.common.dashboard;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code request_device_status}: ask for a device's current status. */
public record RequestDeviceStatus(@NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId) {}
