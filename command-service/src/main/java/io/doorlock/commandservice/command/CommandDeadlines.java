package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import io.doorlock.commandservice.CommandConfig;

/** Computes a command's deadline: the type's default, shortened by the request, never past the maximum. */
public final class CommandDeadlines {

    private final CommandConfig config;

    public CommandDeadlines(CommandConfig config) {
        this.config = config;
    }

    public Instant expiresAt(CommandType type, Instant createdAt, Optional<Integer> requestedSeconds) {
        Duration ttl = defaultTtl(type);
        if (requestedSeconds.isPresent()) {
            Duration requested = Duration.ofSeconds(requestedSeconds.get());
            if (requested.compareTo(ttl) < 0) {
                ttl = requested;
            }
        }
        if (ttl.compareTo(config.maxTtl()) > 0) {
            ttl = config.maxTtl();
        }
        return createdAt.plus(ttl);
    }

    Duration defaultTtl(CommandType type) {
        CommandConfig.Ttl ttl = config.ttl();
        return switch (type) {
            case LOCK_DOOR -> ttl.lockDoor();
            case UNLOCK_DOOR -> ttl.unlockDoor();
            case REQUEST_SNAPSHOT -> ttl.requestSnapshot();
            case UPDATE_SETTINGS -> ttl.updateSettings();
            case RESTART_DEVICE -> ttl.restartDevice();
            case FIRMWARE_UPDATE -> ttl.firmwareUpdate();
        };
    }
}
