package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the platform signs for a device ({@link CommandAuthorization#msg()}), serialised as compact JSON in exactly
 * this member order. Times are epoch milliseconds, so firmware needs no date parser.
 *
 * @param v format version, 1
 * @param counter per device, grows by at least one for every command: a device refuses one that is not above the
 *                last it accepted (the same command id again is a re-send: answered, not executed again)
 */
@JsonPropertyOrder({"v", "deviceId", "commandId", "command", "payload", "issuedAt", "expiresAt", "counter"})
public record SignedCommand(int v, String deviceId, String commandId, String command, JsonNode payload, long issuedAt, long expiresAt,
        long counter) {

    /** The current format version. */
    public static final int VERSION = 1;
}
