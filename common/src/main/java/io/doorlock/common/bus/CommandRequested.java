package io.doorlock.common.bus;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A user asked for a command; its payload was validated and the user's permission checked by dashboard-gateway.
 *
 * @param commandId idempotency key: the same id twice creates one command
 * @param expiresInSeconds a deadline the requester asked for, capped by command-service's configuration
 * @param verifiedPermissions the permissions on the device dashboard-gateway verified the requester holds
 *                            ({@code view}, {@code control}, {@code admin}); command-service refuses a command whose
 *                            {@link CommandType#requiredPermission()} is not among them, so
 *                            a bare user id on the bus is never enough
 */
public record CommandRequested(
        String commandId,
        String deviceId,
        CommandType command,
        JsonNode payload,
        String requestedBy,
        Instant requestedAt,
        Optional<Integer> expiresInSeconds,
        List<String> verifiedPermissions) {

    /** Whether the request says the requester holds what its command needs. */
    public boolean permits() {
        return verifiedPermissions != null && verifiedPermissions.contains(command.requiredPermission());
    }
}
