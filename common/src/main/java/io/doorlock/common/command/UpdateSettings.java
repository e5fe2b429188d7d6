package io.doorlock.common.command;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** {@code update_settings}: change device configuration. */
public record UpdateSettings(@NotNull @Valid DeviceSettings settings) implements CommandPayload {}
