package io.doorlock.dashboardgateway.auth;

import io.doorlock.dashboardgateway.user.UserDocument;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.doorlock.dashboardgateway.AuthConfig;

/** Signs RS256 access tokens with {@code smallrye.jwt.sign.key.location}. */
@ApplicationScoped
public class TokenIssuer {

    /** A signed token and when it expires. */
    public record Issued(String token, String tokenId, Instant expiresAt) {}

    /** {@code iat} in milliseconds: a password change revokes exactly the tokens issued before it, even in the same second. */
    public static final String ISSUED_AT_MILLIS = "iat_ms";

    private final AuthConfig config;

    public TokenIssuer(AuthConfig config) {
        this.config = config;
    }

    public Issued issue(UserDocument user) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.tokenLifetime());
        String tokenId = UUID.randomUUID().toString();
        String token = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(user.id)
                .upn(user.username)
                .claim("username", user.username)
                .claim("role", user.role)
                .groups(Set.of(user.role))
                .claim("jti", tokenId)
                .claim(ISSUED_AT_MILLIS, now.toEpochMilli())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .sign();
        return new Issued(token, tokenId, expiresAt);
    }
}
