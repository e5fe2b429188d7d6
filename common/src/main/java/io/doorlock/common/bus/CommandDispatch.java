package io.doorlock.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.Optional;

/**
 * command-service asks the device gateways to deliver a command. The gateway that holds the device's connection
 * delivers it and answers with {@link CommandDelivery}; a re-send carries the same {@code commandId} and a higher
 * {@code attempt}, and the same {@code authorization}: the platform's signature on the command, made once when the
 * command was created, which the gateway hands to the device unchanged.
 */
public record CommandDispatch(
        String commandId,
        String deviceId,
        CommandType command,
        JsonNode payload,
        int attempt,
        Instant expiresAt,
        Optional<CommandAuthorization> authorization) {}
