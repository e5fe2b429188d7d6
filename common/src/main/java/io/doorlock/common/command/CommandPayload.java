package io.doorlock.common.command;

/** The command-specific part of a Backend-to-Device command, without the {@code commandId}. */
public sealed interface CommandPayload
        permits LockDoor, UnlockDoor, RequestSnapshot, UpdateSettings, RestartDevice, FirmwareUpdate {}
