package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Hands validated, permission-checked commands to command-service over the bus. Returns once the broker has the
 * request (PUBACK); throws {@link io.doorlock.base.bus.BusUnavailableException} otherwise.
 */
@ApplicationScoped
public class CommandRequests {

    private final BusPublisher bus;

    public CommandRequests(BusPublisher bus) {
        this.bus = bus;
    }

    public CommandRequested request(String commandId, String deviceId, CommandType type, JsonNode payload, String userId,
            Optional<Integer> expiresInSeconds, String correlationId) {
        CommandRequested requested = new CommandRequested(commandId, deviceId, type, payload, userId, Instant.now(), expiresInSeconds);
        bus.publish(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, deviceId, Optional.of(userId), correlationId, requested);
        return requested;
    }
}
