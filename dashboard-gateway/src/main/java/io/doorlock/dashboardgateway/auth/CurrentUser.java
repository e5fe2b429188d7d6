package io.doorlock.dashboardgateway.auth;

import io.doorlock.dashboardgateway.api.ApiException;
import jakarta.enterprise.context.RequestScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of a REST request: a signature-checked token that is also current (not revoked, not superseded). */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken jwt;
    private final TokenValidity validity;

    public CurrentUser(JsonWebToken jwt, TokenValidity validity) {
        this.jwt = jwt;
        this.validity = validity;
    }

    public UserPrincipal require() {
        UserPrincipal principal = AccessTokenVerifier.principal(jwt)
                .orElseThrow(() -> ApiException.unauthorized("authentication required"));
        if (!validity.isCurrent(principal)) {
            throw ApiException.unauthorized("the token was revoked; sign in again");
        }
        return principal;
    }

    public Instant tokenExpiresAt() {
        return Instant.ofEpochSecond(jwt.getExpirationTime());
    }
}
