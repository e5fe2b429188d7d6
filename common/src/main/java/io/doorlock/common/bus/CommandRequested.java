package io.doorlock.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.Optional;

/**
 * A user asked for a command; its payload was validated and the user's permission checked by dashboard-gateway.
 *
 * @param commandId idempotency key: the same id twice creates one command
 * @param expiresInSeconds a deadline the requester asked for, capped by command-service's configuration
 */
public record CommandRequested(
        String commandId,
        String deviceId,
        CommandType command,
        JsonNode payload,
        String requestedBy,
        Instant requestedAt,
        Optional<Integer> expiresInSeconds) {}
