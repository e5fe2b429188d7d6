package io.doorlock.common.command;

import jakarta.validation.constraints.NotNull;

/** {@code request_snapshot}: take a photo at the given quality. */
public record RequestSnapshot(@NotNull SnapshotQuality quality) implements CommandPayload {}
