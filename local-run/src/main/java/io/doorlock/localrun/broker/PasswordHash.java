package io.doorlock.localrun.broker;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import io.doorlock.testing.DynsecState;

/**
 * A password as Mosquitto's dynamic-security plugin stores it (and {@code DynsecState} writes the
 * admin's): PBKDF2-HMAC-SHA512, 64 bytes, a random 12-byte salt, both Base64. The password itself is never stored.
 */
record PasswordHash(String hash, String salt, int iterations) {

    /** The plugin's default. */
    static final int ITERATIONS = 101;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PasswordHash of(String password) {
        byte[] salt = new byte[12];
        RANDOM.nextBytes(salt);
        return new PasswordHash(Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS)),
                Base64.getEncoder().encodeToString(salt), ITERATIONS);
    }

    boolean matches(byte[] password) {
        byte[] expected = Base64.getDecoder().decode(hash);
        byte[] actual = derive(new String(password, StandardCharsets.UTF_8), Base64.getDecoder().decode(salt), iterations);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 64 * 8)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
