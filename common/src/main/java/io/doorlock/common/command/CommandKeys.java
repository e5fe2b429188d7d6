package io.doorlock.common.command;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The platform's command key as devices see it: the 32 raw bytes of an Ed25519 public key (what firmware libraries
 * take), and its id, the first 8 bytes of the SHA-256 of those bytes in hex. Also the check a device makes.
 */
public final class CommandKeys {

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the 32 raw key bytes follow it. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private CommandKeys() {}

    /** The raw 32 bytes of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != SPKI_PREFIX.length + 32 || !Arrays.equals(encoded, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(encoded, SPKI_PREFIX.length, encoded.length);
    }

    /** The public key from its raw 32 bytes. */
    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] encoded = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, encoded, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    /** The key id: the first 8 bytes of SHA-256 over the raw key, lower-case hex. */
    public static String keyId(byte[] raw) {
        try {
            return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(raw), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code auth} is an Ed25519 signature by {@code key} over its {@code msg}. */
    public static boolean verify(CommandAuthorization auth, PublicKey key) {
        if (auth == null || !CommandAuthorization.ED25519.equals(auth.alg()) || auth.msg() == null || auth.sig() == null
                || !keyId(raw(key)).equals(auth.kid())) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(auth.msg().getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getUrlDecoder().decode(auth.sig()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
