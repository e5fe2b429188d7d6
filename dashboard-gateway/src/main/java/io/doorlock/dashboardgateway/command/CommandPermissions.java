package io.doorlock.dashboardgateway.command;

import io.doorlock.common.command.CommandType;
import io.doorlock.dashboardgateway.access.Permission;
import java.util.List;

/**
 * The permission each command needs. Using the door (lock, unlock, a snapshot) needs {@code control}; changing the
 * device itself, which outlives any share (its settings, a restart, its firmware), needs {@code admin}.
 */
public final class CommandPermissions {

    private CommandPermissions() {}

    public static Permission required(CommandType type) {
        return Permission.fromWireName(type.requiredPermission()).orElseThrow();
    }

    /** What a request tells command-service was verified: the level checked and every level it implies. */
    public static List<String> verified(Permission checked) {
        return checked.granted().stream().map(Permission::wireName).toList();
    }
}
