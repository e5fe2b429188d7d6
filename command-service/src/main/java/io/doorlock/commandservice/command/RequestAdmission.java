package io.doorlock.commandservice.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.bus.CommandRequested;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.common.validation.MessageValidator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks a request before it may become a command: the permission dashboard-gateway says it verified, and the payload.
 * A refused request changes nothing; it is logged and counted in {@code doorlock_commands_rejected_total{reason}}.
 */
@ApplicationScoped
public class RequestAdmission {

    private static final Logger LOG = Logger.getLogger(RequestAdmission.class);

    private final MessageValidator validator;
    private final JsonCodec codec;
    private final CommandMetrics metrics;

    public RequestAdmission(MessageValidator validator, JsonCodec codec, CommandMetrics metrics) {
        this.validator = validator;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** The request's payload as validated (defaults filled in); empty when the request is refused. */
    public Optional<JsonNode> admit(CommandRequested request) {
        if (!request.permits()) {
            // dashboard-gateway signed the request; it must also say it verified what the command needs.
            LOG.warnf("command %s rejected: the request does not say %s holds %s on %s", request.commandId(), request.requestedBy(),
                    request.command().requiredPermission(), request.deviceId());
            metrics.rejected("not_permitted");
            return Optional.empty();
        }
        var payload = validator.validateCommandPayload(request.command(), Optional.ofNullable(request.payload()));
        if (payload.error().isPresent()) {
            LOG.warnf("command %s rejected, invalid payload: %s", request.commandId(), payload.error().get().message());
            metrics.rejected("invalid_payload");
            return Optional.empty();
        }
        return Optional.of(codec.toTree(payload.value().orElseThrow()));
    }
}
