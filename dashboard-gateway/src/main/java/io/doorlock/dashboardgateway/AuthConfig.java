package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Users, passwords and access tokens. */
@ConfigMapping(prefix = "doorlock.auth")
public interface AuthConfig {

    /**
     * Lifetime of an access token. The seed used 7 days; one hour bounds what a stolen token (a shared laptop, a leaked
     * log line) can do to a door, while a dashboard signs in at most once an hour. Logout revokes sooner.
     */
    @WithDefault("1h")
    Duration tokenLifetime();

    /** {@code iss} of the tokens this gateway signs; must equal {@code mp.jwt.verify.issuer}. */
    @WithDefault("https://doorlock.local")
    String issuer();

    /** {@code aud} of the tokens this gateway signs; must be in {@code mp.jwt.verify.audiences}. */
    @WithDefault("doorlock-dashboard")
    String audience();

    /** bcrypt cost factor (2^cost rounds). 12 takes about 250 ms here: slow for guessing, fine for a login. */
    @WithDefault("12")
    int bcryptCost();

    /** Login attempt limits. */
    LoginLimits loginLimits();

    /** Account creation limits. */
    RegistrationLimits registrationLimits();

    /** The first administrator, created at start when it does not exist. */
    Admin admin();

    interface LoginLimits {
        /** The window the limits count over. */
        @WithDefault("1m")
        Duration window();

        /** Failed logins per client address per window; past it, 429 with Retry-After. */
        @WithDefault("20")
        int perAddress();

        /**
         * Failed logins per account per window: every username and e-mail of one user count together, a name that
         * resolves to nobody by itself; past it, 429 with Retry-After.
         */
        @WithDefault("5")
        int perUsername();
    }

    interface RegistrationLimits {
        /** The window the limit counts over. */
        @WithDefault("1h")
        Duration window();

        /**
         * Registrations per client address per window, successful or not once the password was hashed (each costs a
         * bcrypt hash and may create an account); past it, 429 with Retry-After and nothing is created.
         */
        @WithDefault("10")
        int perAddress();
    }

    interface Admin {
        /** Username of the first admin; no admin is created when absent. */
        Optional<String> username();

        /** E-mail address of the first admin. */
        @WithDefault("admin@doorlock.local")
        String email();

        /** Password of the first admin, e.g. from the environment variable DOORLOCK_AUTH_ADMIN_PASSWORD. */
        Optional<String> password();

        /** A file (a mounted Secret) holding the first admin's password; used when no password is set. */
        Optional<Path> passwordFile();
    }
}
