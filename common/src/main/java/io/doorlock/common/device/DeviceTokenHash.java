package io.doorlock.common.device;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a device token is stored and compared everywhere (registry, registry records, gateways): the lower-case hex
 * SHA-256 of its UTF-8 bytes. Tokens are 256-bit random values, so a fast unsalted hash is enough.
 */
public final class DeviceTokenHash {

    private DeviceTokenHash() {}

    public static String of(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /** Constant-time comparison of a presented token with a stored hex hash; false for a malformed hash. */
    public static boolean matches(String presentedToken, String storedHex) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(presentedToken), stored);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
