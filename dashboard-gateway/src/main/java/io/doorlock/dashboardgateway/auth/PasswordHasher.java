package io.doorlock.dashboardgateway.auth;

import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import io.doorlock.dashboardgateway.AuthConfig;

/** bcrypt (salted, slow) from Quarkus' Elytron security common. */
@ApplicationScoped
public class PasswordHasher {

    /** A valid bcrypt hash of a random string, checked when a user does not exist so timing does not tell. */
    private final String decoy;
    private final AuthConfig config;

    public PasswordHasher(AuthConfig config) {
        this.decoy = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), config.bcryptCost());
        this.config = config;
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, config.bcryptCost());
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Spends the same time as a real check, for unknown users. */
    public void burn(String password) {
        BcryptUtil.matches(password, decoy);
    }
}
