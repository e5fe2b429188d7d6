package io.doorlock.common.command;

/** {@code lock_door}: lock now. No parameters. */
public record LockDoor() implements CommandPayload {}
