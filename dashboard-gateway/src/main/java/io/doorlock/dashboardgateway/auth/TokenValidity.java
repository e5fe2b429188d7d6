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

    public boolean isCurrent(UserPrincipal principal) {
        if (revoked.isRevoked(principal.tokenId())) {
            return false;
        }
        // Tokens without millisecond issue time (none are issued so) compare by whole seconds, strictly after.
        return users.findByIdOptional(principal.userId())
                .map(u -> u.passwordChangedAt == null || issuedAfter(principal.issuedAt(), u.passwordChangedAt))
                .orElse(false);
    }

    private static boolean issuedAfter(Instant issuedAt, Instant changedAt) {
        Instant changed = changedAt.truncatedTo(ChronoUnit.MILLIS);
        return issuedAt.getNano() % 1_000_000 == 0 && issuedAt.truncatedTo(ChronoUnit.SECONDS).equals(issuedAt)
                ? issuedAt.isAfter(changed.truncatedTo(ChronoUnit.SECONDS))
                : !issuedAt.isBefore(changed);
    }
}
