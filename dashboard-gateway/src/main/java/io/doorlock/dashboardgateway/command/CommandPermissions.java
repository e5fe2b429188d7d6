package io.doorlock.dashboardgateway.command;

import io.doorlock.common.command.CommandType;
import io.doorlock.dashboardgateway.access.Permission;

/**
 * The permission each command needs. Using the door (lock, unlock, a snapshot) needs {@code control}; changing the
 * device itself, which outlives any share (its settings, a restart, its firmware), needs {@code admin}.
 */
public final class CommandPermissions {

    private CommandPermissions() {}

    public static Permission required(CommandType type) {
        return switch (type) {
            case LOCK_DOOR, UNLOCK_DOOR, REQUEST_SNAPSHOT -> Permission.CONTROL;
            case UPDATE_SETTINGS, RESTART_DEVICE, FIRMWARE_UPDATE -> Permission.ADMIN;
        };
    }
}
