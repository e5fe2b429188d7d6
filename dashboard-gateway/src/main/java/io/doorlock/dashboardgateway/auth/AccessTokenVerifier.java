package io.doorlock.dashboardgateway.auth;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Verifies RS256 access tokens with the platform's public key ({@code mp.jwt.verify.publickey.location}) and issuer
 * ({@code mp.jwt.verify.issuer}). Expired, forged and unsigned ({@code alg: none}) tokens are rejected.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);

    private final JWTParser parser;
    private final TokenValidity validity;

    public AccessTokenVerifier(JWTParser parser, TokenValidity validity) {
        this.parser = parser;
        this.validity = validity;
    }

    public Optional<UserPrincipal> verify(String token) {
        try {
            JsonWebToken jwt = parser.parse(token);
            return principal(jwt).filter(validity::isCurrent);
        } catch (ParseException e) {
            LOG.debugf("access token rejected: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The user a signature-checked token speaks for (no revocation check). */
    public static Optional<UserPrincipal> principal(JsonWebToken jwt) {
        String userId = jwt.getSubject();
        if (userId == null || userId.isBlank() || jwt.getTokenID() == null) {
            return Optional.empty();
        }
        String username = Optional.ofNullable(jwt.<Object>getClaim("username")).map(Object::toString)
                .orElse(Optional.ofNullable(jwt.getName()).orElse(userId));
        String role = Optional.ofNullable(jwt.<Object>getClaim("role")).map(Object::toString)
                .orElse(jwt.getGroups().contains("admin") ? "admin" : "user");
        Object millis = jwt.getClaim(TokenIssuer.ISSUED_AT_MILLIS);
        Instant issuedAt = millis instanceof Number n ? Instant.ofEpochMilli(n.longValue())
                : millis != null && millis.toString().matches("\\d+") ? Instant.ofEpochMilli(Long.parseLong(millis.toString()))
                : Instant.ofEpochSecond(jwt.getIssuedAtTime());
        return Optional.of(new UserPrincipal(userId, username, role, Instant.ofEpochSecond(jwt.getExpirationTime()), jwt.getTokenID(), issuedAt));
    }
}
