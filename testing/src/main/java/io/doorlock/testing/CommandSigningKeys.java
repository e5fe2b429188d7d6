package io.doorlock.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's command key of one installation (Ed25519): the private half for command-service, which signs every
 * command, the public half for dashboard-gateway, which gives it to devices. Kept as PEM files in a directory; an
 * existing pair is reused, so a local run's devices keep trusting it across restarts.
 */
public final class CommandSigningKeys {

    private final Path privateKey;
    private final Path publicKey;

    private CommandSigningKeys(Path privateKey, Path publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The pair in {@code dir}, made there (private key owner-only) when it is not there yet. */
    public static CommandSigningKeys in(Path dir) {
        Path privateKey = dir.resolve("command-signing-key.pem");
        Path publicKey = dir.resolve("command-signing-key.pub.pem");
        if (!Files.isRegularFile(privateKey) || !Files.isRegularFile(publicKey)) {
            try {
                var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                SecretFiles.write(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
                Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return new CommandSigningKeys(privateKey, publicKey);
    }

    public Path publicKey() {
        return publicKey;
    }

    /** The properties that give command-service the pair, and dashboard-gateway the public key; nothing for the others. */
    public Map<String, String> serviceConfig(String service) {
        Map<String, String> config = new LinkedHashMap<>();
        if ("command-service".equals(service)) {
            config.put("doorlock.commands.signing.private-key-location", privateKey.toAbsolutePath().toString());
            config.put("doorlock.commands.signing.public-key-location", publicKey.toAbsolutePath().toString());
        } else if ("dashboard-gateway".equals(service)) {
            config.put("doorlock.commands.signing.public-key-location", publicKey.toAbsolutePath().toString());
        }
        return config;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
