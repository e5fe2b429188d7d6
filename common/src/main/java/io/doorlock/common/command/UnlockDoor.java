package io.doorlock.common.command;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** {@code unlock_door}: unlock for {@code duration} milliseconds (1 to 30 s), then lock again. */
public record UnlockDoor(@NotNull @Min(1000) @Max(30000) Integer duration) implements CommandPayload {}
