package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandCancelRequested;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asks command-service, over the bus, to run a validated, permission-checked command (through {@link CommandOutbox},
 * which stores it first and then publishes it without waiting for the broker) or to cancel one. A cancellation
 * returns once the broker has it (PUBACK); both throw {@link BusUnavailableException} when the request is neither
 * stored nor taken by the broker.
 */
@ApplicationScoped
public class CommandRequester {

    private final BusPublisher bus;
    private final CommandOutbox outbox;

    public CommandRequester(BusPublisher bus, CommandOutbox outbox) {
        this.bus = bus;
        this.outbox = outbox;
    }

    /**
     * Requests a command, made now.
     *
     * @param verifiedPermissions the requester's permissions on the device that the caller checked (command-service
     *                            acts only if they cover the command)
     * @throws IllegalArgumentException when the commandId is already used by another device, command or user
     */
    public CommandRequested request(String commandId, String deviceId, CommandType type, JsonNode payload, String userId,
            List<String> verifiedPermissions, Optional<Integer> expiresInSeconds, String correlationId) {
        return request(commandId, deviceId, type, payload, userId, verifiedPermissions, expiresInSeconds, correlationId, Instant.now());
    }

    /** As above, for a request made earlier: its deadline counts from {@code requestedAt}. */
    public CommandRequested request(String commandId, String deviceId, CommandType type, JsonNode payload, String userId,
            List<String> verifiedPermissions, Optional<Integer> expiresInSeconds, String correlationId, Instant requestedAt) {
        CommandRequested requested = new CommandRequested(commandId, deviceId, type, payload, userId, requestedAt, expiresInSeconds,
                verifiedPermissions);
        // Stored first: a cancel arriving right after the request finds the command's device, and if the request
        // is lost between the broker and command-service, the outbox publishes it again.
        outbox.send(requested, correlationId);
        return requested;
    }

    /** Asks command-service to cancel a queued command; the outcome arrives as {@code command_status}. */
    public void cancel(String commandId, String deviceId, String userId) {
        bus.publish(Topics.COMMAND_CANCEL, BusTypes.COMMAND_CANCEL, deviceId, Optional.of(userId), commandId,
                new CommandCancelRequested(commandId, deviceId, userId, Instant.now()));
    }
}
