package io.doorlock.dashboardgateway.auth;

import io.doorlock.dashboardgateway.user.UserRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Whether a signature-valid token is still current: not revoked (logout), its user still exists, and it was issued
 * after the user's last password change.
 */
@ApplicationScoped
public class TokenValidity {

    private final RevokedTokens revoked;
    private final UserRepository users;

    public TokenValidity(RevokedTokens revoked, UserRepository users) {
        this.revoked = revoked;
        this.users = users;
    }

    public boolean isCurrent(UserPrincipal principal, Instant issuedAt) {
        if (revoked.isRevoked(principal.tokenId())) {
            return false;
        }
        return users.findByIdOptional(principal.userId())
                .map(u -> u.passwordChangedAt == null || !issuedAt.isBefore(u.passwordChangedAt.truncatedTo(ChronoUnit.SECONDS)))
                .orElse(false);
    }
}
