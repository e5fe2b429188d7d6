package io.doorlock.common.dashboard;

import io.doorlock.common.id.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code subscribe_device}: watch a device's events. */
public record SubscribeDevice(@NotBlank @Pattern(regexp = Ids.ID_PATTERN) String deviceId) {}
