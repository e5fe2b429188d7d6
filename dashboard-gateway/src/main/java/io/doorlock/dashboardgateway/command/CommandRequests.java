package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.CommandCancelRequested;
import org.jboss.logging.Logger;

/**
 * Hands validated, permission-checked commands to command-service over the bus. Returns once the broker has the
 * request (PUBACK); throws {@link BusUnavailableException} otherwise.
 */
@ApplicationScoped
public class CommandRequests {

    private final BusPublisher bus;
    private final CommandHistory history;

    public CommandRequests(BusPublisher bus, CommandHistory history) {
        this.bus = bus;
        this.history = history;
    }

    /**
     * Records and publishes a request.
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
        // Recorded first: a cancel arriving right after the request finds the command's device, and if the request
        // is lost between the broker and command-service, CommandRequestRetry publishes it again.
        try {
            history.requested(requested, correlationId);
        } catch (CommandHistory.CommandIdConflict conflict) {
            throw new IllegalArgumentException(conflict.getMessage());
        } catch (RuntimeException e) {
            // Without the database the request still goes out, only without the re-publication safety net.
            Logger.getLogger(CommandRequests.class).warnf("command %s not recorded before publishing: %s", commandId, e.getMessage());
        }
        bus.publish(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, deviceId, Optional.of(userId), correlationId, requested);
        return requested;
    }

    /** Publishes a request again, unchanged (same commandId: command-service creates at most one command). */
    public void republish(CommandRequested requested, String correlationId) {
        bus.publish(Topics.COMMAND_REQUESTED, BusTypes.COMMAND_REQUESTED, requested.deviceId(), Optional.of(requested.requestedBy()),
                correlationId, requested);
    }

    /** Asks command-service to cancel a queued command; the outcome arrives as {@code command_status}. */
    public void cancel(String commandId, String deviceId, String userId) {
        bus.publish(Topics.COMMAND_CANCEL, BusTypes.COMMAND_CANCEL, deviceId, Optional.of(userId), commandId,
                new CommandCancelRequested(commandId, deviceId, userId, Instant.now()));
    }
}
