package io.doorlock.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * An RSA key pair generated when the tests start (never committed), written as PEM files, and a helper that signs
 * RS256 access tokens the way dashboard-gateway does.
 */
public final class TestKeys {

    public static final String ISSUER = "https://doorlock.local";
    public static final String AUDIENCE = "doorlock-dashboard";

    private final KeyPair keyPair;
    private final Path privateKeyPem;
    private final Path publicKeyPem;

    private TestKeys(KeyPair keyPair, Path dir) {
        this.privateKeyPem = dir.resolve("jwt-private.pem");
        this.publicKeyPem = dir.resolve("jwt-public.pem");
        this.keyPair = keyPair;
        try {
            Files.writeString(privateKeyPem, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
            Files.writeString(publicKeyPem, pem("PUBLIC KEY", keyPair.getPublic().getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TestKeys(generator.generateKeyPair(), Files.createTempDirectory("doorlock-keys-"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path privateKeyPem() {
        return privateKeyPem;
    }

    public Path publicKeyPem() {
        return publicKeyPem;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** A valid access token for a user. */
    public String token(String userId, String username, String role) {
        return token(userId, username, role, Duration.ofMinutes(15));
    }

    public String token(String userId, String username, String role, Duration lifetime) {
        return token(userId, username, role, lifetime, AUDIENCE);
    }

    public String token(String userId, String username, String role, Duration lifetime, String audience) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(audience)
                .claim("jti", UUID.randomUUID().toString())
                .subject(userId)
                .upn(username)
                .claim("username", username)
                .groups(Set.of(role))
                .claim("role", role)
                .issuedAt(now.minusSeconds(1))
                .expiresAt(now.plus(lifetime))
                .jws()
                .sign(keyPair.getPrivate());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
