package io.doorlock.common.bus;

import java.time.Instant;

/** An access token was revoked before its expiry (logout, password change); every gateway closes its sockets. */
public record TokenRevoked(String tokenId, String userId, Instant expiresAt) {}
