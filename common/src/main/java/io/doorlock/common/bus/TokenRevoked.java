package io.doorlock.common.bus;

import java.time.Instant;

/**
 * An access token was revoked before its expiry (logout), or all of a user's tokens issued up to now (password
 * change: {@code tokenId} is {@link #ALL_TOKENS}); every gateway closes the matching sockets.
 */
public record TokenRevoked(String tokenId, String userId, Instant expiresAt) {

    /** {@code tokenId} meaning every token of the user issued before this message. */
    public static final String ALL_TOKENS = "*";
}
