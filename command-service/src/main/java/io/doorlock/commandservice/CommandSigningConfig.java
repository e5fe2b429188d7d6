package io.doorlock.commandservice;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/**
 * The platform key that signs every command for the device ({@code data.auth} of the command frame). Its public half
 * is what devices are given at activation (dashboard-gateway's {@code doorlock.commands.signing.public-key-location}).
 */
@ConfigMapping(prefix = "doorlock.commands.signing")
public interface CommandSigningConfig {

    /**
     * The Ed25519 private key, PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}), readable only by
     * command-service (a mounted Secret). No default: command-service does not start without it.
     */
    Path privateKeyLocation();

    /** Its public key, X.509 PEM ({@code openssl pkey -pubout}); checked against the private key at start. */
    Path publicKeyLocation();
}
