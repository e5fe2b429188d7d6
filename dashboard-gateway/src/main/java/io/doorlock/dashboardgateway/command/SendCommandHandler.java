package io.doorlock.dashboardgateway.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.command.CommandPayload;
import io.doorlock.common.command.CommandType;
import io.doorlock.common.command.FirmwareUpdate;
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
 * {@code POST /api/device/{id}/command}: the command's permission ({@link CommandPermissions}), the firmware host
 * policy ({@link FirmwareSources}), then requested ({@link CommandRequester}: stored and published). One place, so
 * that every way in checks the same things; a refused command is neither stored nor published.
 */
@ApplicationScoped
public class SendCommandHandler {

    private static final Logger LOG = Logger.getLogger(SendCommandHandler.class);

    /** How a {@code send_command} ended. {@code INVALID}: the payload breaks the platform's policy (a firmware host not allowed). */
    public enum Outcome { QUEUED, FORBIDDEN, INVALID, ID_CONFLICT, UNAVAILABLE }

    /** The outcome, the command id (chosen by the client or here) and, unless queued, why; for INVALID, the field. */
    public record Result(Outcome outcome, String commandId, CommandType type, Optional<String> message, Optional<String> field) {

        Result(Outcome outcome, String commandId, CommandType type, Optional<String> message) {
            this(outcome, commandId, type, message, Optional.empty());
        }
    }

    private final DeviceAccess access;
    private final CommandRequester commands;
    private final FirmwareSources firmware;
    private final MessageValidator validator;
    private final JsonCodec codec;
    private final MeterRegistry metrics;

    public SendCommandHandler(DeviceAccess access, CommandRequester commands, FirmwareSources firmware, MessageValidator validator,
            JsonCodec codec, MeterRegistry metrics) {
        this.access = access;
        this.commands = commands;
        this.firmware = firmware;
        this.validator = validator;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** {@code send} has passed the validator already (its command name and payload are known good). */
    public Result submit(UserPrincipal user, SendCommand send) {
        CommandType type = CommandType.fromWireName(send.command()).orElseThrow();
        String commandId = send.commandId().orElseGet(() -> UUID.randomUUID().toString());
        Permission needed = CommandPermissions.required(type);
        if (!access.allows(user, send.deviceId(), needed)) {
            metrics.counter("doorlock_dashboard_forbidden_total", "permission", needed.wireName()).increment();
            String why = needed == Permission.ADMIN ? " (" + type.wireName() + " changes the device itself)" : "";
            return new Result(Outcome.FORBIDDEN, commandId, type,
                    Optional.of("no " + needed.wireName() + " permission for device " + send.deviceId() + why));
        }
        CommandPayload validated = validator.validateCommandPayload(type, send.payload()).value().orElseThrow();
        if (validated instanceof FirmwareUpdate update) {
            Optional<String> refusal = firmware.refusal(update.url());
            if (refusal.isPresent()) {
                return new Result(Outcome.INVALID, commandId, type, Optional.of("payload.url: " + refusal.get()), Optional.of("payload.url"));
            }
        }
        // Forward the validated record, never the raw payload: unknown keys are dropped here.
        JsonNode payload = codec.toTree(validated);
        try {
            commands.request(commandId, send.deviceId(), type, payload, user.userId(), CommandPermissions.verified(needed),
                    send.expiresInSeconds(), commandId);
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
