package io.doorlock.commandservice.signing;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.crypto.Pem;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import io.doorlock.common.command.SignedCommand;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.commandservice.CommandSigningConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs commands for devices with the platform's Ed25519 key: a device that checks {@code data.auth} executes only
 * what this service signed for it, with a counter above the last one it accepted and before the deadline, whoever
 * controls the broker or a gateway.
 */
@ApplicationScoped
public class CommandSigner {

    private final Ed25519Key key;
    private final String keyId;
    private final JsonCodec codec;
    private final CommandCounters counters;

    @Inject
    public CommandSigner(CommandSigningConfig config, JsonCodec codec, CommandCounters counters) {
        this(new KeyPair(Pem.ed25519PublicKey(config.publicKeyLocation()), Pem.ed25519PrivateKey(config.privateKeyLocation())), codec, counters);
    }

    /**
     * Refuses a private key that does not match its public key: devices would refuse every command. The probe is
     * checked with the JDK's own Ed25519, so the signer is checked against a second implementation at every start.
     */
    CommandSigner(KeyPair keys, JsonCodec codec, CommandCounters counters) {
        this.key = Ed25519Key.of(keys);
        this.keyId = CommandKeys.keyId(key.publicKey());
        this.codec = codec;
        this.counters = counters;
        CommandAuthorization probe = sign("doorlock command key check");
        if (!CommandKeys.verify(probe, keys.getPublic())) {
            throw new IllegalStateException("doorlock.commands.signing: the private key does not belong to the public key");
        }
    }

    /** The authorization of a new command: the device's next counter and the platform's signature. */
    public CommandAuthorization authorize(String deviceId, String commandId, String command, JsonNode payload, Instant issuedAt,
            Instant expiresAt) {
        SignedCommand signed = new SignedCommand(SignedCommand.VERSION, deviceId, commandId, command, payload, issuedAt.toEpochMilli(),
                expiresAt.toEpochMilli(), counters.next(deviceId));
        return sign(codec.encode(signed));
    }

    private CommandAuthorization sign(String msg) {
        return new CommandAuthorization(CommandAuthorization.ED25519, keyId, msg,
                Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(msg.getBytes(StandardCharsets.UTF_8))));
    }
}
