package io.doorlock.common.device;

import jakarta.validation.constraints.NotBlank;

/** {@code authenticated}: the server accepted the device's token. */
public record DeviceAuthenticated(@NotBlank String deviceId) {}
