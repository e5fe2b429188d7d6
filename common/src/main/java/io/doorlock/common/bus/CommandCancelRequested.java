package io.doorlock.common.bus;

import java.time.Instant;

/**
 * A user with {@code control} on the device asked to cancel a command. Only a {@code queued} command can be
 * cancelled; otherwise command-service announces the command's current state again.
 */
public record CommandCancelRequested(String commandId, String deviceId, String requestedBy, Instant requestedAt) {}
