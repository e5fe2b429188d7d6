package io.doorlock.common.command;

/** {@code restart_device}: reboot the ESP32. No parameters. */
public record RestartDevice() implements CommandPayload {}
