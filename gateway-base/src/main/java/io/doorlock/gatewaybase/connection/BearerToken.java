package io.doorlock.gatewaybase.connection;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer <token>} header, the one way both gateways take credentials in a header. */
public final class BearerToken {

    private static final String PREFIX = "Bearer ";

    private BearerToken() {}

    /** The trimmed token, or empty when the header is missing or is not {@code Bearer <token>}. */
    public static Optional<String> of(String authorization) {
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String token = authorization.substring(PREFIX.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
