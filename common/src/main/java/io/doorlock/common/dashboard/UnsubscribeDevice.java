package io.doorlock.common.dashboard;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code unsubscribe_device}: stop watching a device. */
public record UnsubscribeDevice(@NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId) {}
