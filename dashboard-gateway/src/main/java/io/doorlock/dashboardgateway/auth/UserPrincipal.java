package io.doorlock.dashboardgateway.auth;

import java.time.Instant;

/** The user behind a verified access token. */
public record UserPrincipal(String userId, String username, String role, Instant expiresAt, String tokenId, Instant issuedAt) {

    public boolean isAdmin() {
        return "admin".equals(role);
    }
}
