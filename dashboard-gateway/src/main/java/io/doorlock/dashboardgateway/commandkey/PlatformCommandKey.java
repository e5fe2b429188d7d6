package io.doorlock.dashboardgateway.commandkey;

import io.doorlock.base.crypto.Pem;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.dashboardgateway.CommandKeyConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.Optional;

/** The public key every command to a device is signed with, as devices take it; empty when none is configured. */
@ApplicationScoped
public class PlatformCommandKey {

    /** Algorithm, key id and the 32 raw bytes in base64. */
    @RegisterForReflection
    public record CommandKey(String alg, String kid, String publicKey) {}

    private final Optional<CommandKey> key;

    public PlatformCommandKey(CommandKeyConfig config) {
        this.key = config.publicKeyLocation().map(Pem::ed25519PublicKey).map(CommandKeys::raw)
                .map(raw -> new CommandKey(CommandAuthorization.ED25519, CommandKeys.keyId(raw), Base64.getEncoder().encodeToString(raw)));
    }

    public Optional<CommandKey> get() {
        return key;
    }
}
