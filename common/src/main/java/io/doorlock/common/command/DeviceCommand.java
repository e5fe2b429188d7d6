package io.doorlock.common.command;

/** A validated Backend-to-Device command frame: header plus typed payload. */
public record DeviceCommand(CommandType type, DeviceCommandHeader header, CommandPayload payload) {}
