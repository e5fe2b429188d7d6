package io.doorlock.dashboardgateway.auth;

import io.doorlock.dashboardgateway.user.UserDocument;
import io.doorlock.dashboardgateway.user.UserRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import org.bson.types.ObjectId;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.AuthConfig;

/** At start: indexes, and the first admin from configuration (idempotent; an existing user is never changed). */
@ApplicationScoped
public class AuthStartup {

    private static final Logger LOG = Logger.getLogger(AuthStartup.class);

    private final UserRepository users;
    private final RevokedTokens revoked;
    private final PasswordHasher hasher;
    private final AuthConfig config;

    public AuthStartup(UserRepository users, RevokedTokens revoked, PasswordHasher hasher, AuthConfig config) {
        this.users = users;
        this.revoked = revoked;
        this.hasher = hasher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            users.ensureIndexes();
            revoked.ensureIndexes();
            ensureAdmin();
        } catch (RuntimeException e) {
            LOG.warnf("auth start-up tasks did not complete: %s", e.getMessage());
        }
    }

    void ensureAdmin() {
        Optional<String> username = config.admin().username().filter(u -> !u.isBlank());
        if (username.isEmpty() || users.findByUsername(username.get()).isPresent()) {
            return;
        }
        Optional<String> password = config.admin().password().filter(p -> !p.isBlank()).or(this::passwordFromFile);
        if (password.isEmpty() || password.get().length() < 10) {
            LOG.errorf("admin %s not created: set DOORLOCK_AUTH_ADMIN_PASSWORD or doorlock.auth.admin.password-file (10+ characters)", username.get());
            return;
        }
        UserDocument admin = new UserDocument();
        admin.id = new ObjectId().toHexString();
        admin.username = username.get();
        admin.email = config.admin().email();
        admin.passwordHash = hasher.hash(password.get());
        admin.role = "admin";
        admin.createdAt = Instant.now();
        if (users.create(admin)) {
            LOG.infof("created the first admin '%s'", admin.username);
        }
    }

    private Optional<String> passwordFromFile() {
        return config.admin().passwordFile().flatMap(path -> {
            try {
                return Optional.of(Files.readString(path).trim());
            } catch (IOException e) {
                LOG.errorf("cannot read the admin password file %s: %s", path, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
