package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** The public half of the platform's command key, which dashboard-gateway gives to devices. */
@ConfigMapping(prefix = "doorlock.commands.signing")
public interface CommandKeyConfig {

    /**
     * command-service's Ed25519 public key, X.509 PEM. Served at {@code GET /api/platform/command-key}, so devices can
     * check that each command was signed by the platform. Without it the route answers 404.
     */
    Optional<Path> publicKeyLocation();
}
