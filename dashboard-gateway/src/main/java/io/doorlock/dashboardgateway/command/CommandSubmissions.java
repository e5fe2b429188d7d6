package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.dashboard.SendCommand;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.validation.MessageValidator;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.access.Permission;
import io.doorlock.dashboardgateway.auth.UserPrincipal;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A validated {@code send_command} from a person, over the dashboard WebSocket, Socket.IO or
 * {@code POST /api/device/{id}/command}: permission check, then recorded and published ({@link CommandRequests}).
 * One place, so that every way in checks the same things.
 */
@ApplicationScoped
public class CommandSubmissions {

    private static final Logger LOG = Logger.getLogger(CommandSubmissions.class);

    /** How a submission ended. */
    public enum Outcome { QUEUED, FORBIDDEN, ID_CONFLICT, UNAVAILABLE }

    /** The outcome, the command id (chosen by the client or here) and, for a conflict, why. */
    public record Result(Outcome outcome, String commandId, CommandType type, Optional<String> message) {}

    private final DeviceAccess access;
    private final CommandRequests commands;
    private final MessageValidator validator;
    private final JsonCodec codec;
    private final MeterRegistry metrics;

    public CommandSubmissions(DeviceAccess access, CommandRequests commands, MessageValidator validator, JsonCodec codec, MeterRegistry metrics) {
        this.access = access;
        this.commands = commands;
        this.validator = validator;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** {@code send} has passed the validator already (its command name and payload are known good). */
    public Result submit(UserPrincipal user, SendCommand send) {
        CommandType type = CommandType.fromWireName(send.command()).orElseThrow();
        String commandId = send.commandId().orElseGet(() -> UUID.randomUUID().toString());
        if (!access.allows(user, send.deviceId(), Permission.CONTROL)) {
            metrics.counter("doorlock_dashboard_forbidden_total", "permission", "control").increment();
            return new Result(Outcome.FORBIDDEN, commandId, type, Optional.of("no control permission for device " + send.deviceId()));
        }
        // Forward the validated record, never the raw payload: unknown keys are dropped here.
        JsonNode payload = codec.toTree(validator.validateCommandPayload(type, send.payload()).value().orElseThrow());
        try {
            commands.request(commandId, send.deviceId(), type, payload, user.userId(), send.expiresInSeconds(), commandId);
        } catch (IllegalArgumentException conflict) {
            return new Result(Outcome.ID_CONFLICT, commandId, type, Optional.of(conflict.getMessage()));
        } catch (BusUnavailableException e) {
            LOG.warnf("command for %s not accepted: %s", send.deviceId(), e.getMessage());
            return new Result(Outcome.UNAVAILABLE, commandId, type,
                    Optional.of("the command could not be confirmed as queued; retry with the same commandId " + commandId));
        }
        metrics.counter("doorlock_dashboard_commands_requested_total", "command", type.wireName()).increment();
        return new Result(Outcome.QUEUED, commandId, type, Optional.empty());
    }
}
