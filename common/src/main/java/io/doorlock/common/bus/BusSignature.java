package io.doorlock.common.bus;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a bus message: HMAC-SHA256 with the producer's bus key over the exact bytes of the JSON object it
 * sends, carried as the object's last member, {@code "sig":"<keyId>:<base64url MAC>"}. A consumer checks the MAC
 * over the bytes before that member, before it parses anything, so no re-serialisation can change what was signed.
 *
 * <pre>{"id":"...","type":"command.requested",...,"data":{...},"sig":"dashboard-gateway.1:9dXm..."}</pre>
 *
 * <p>Key ids are {@code <producer>.<version>}: the producer a key belongs to is the part before the last dot, so a
 * consumer knows whose key signed a message and can refuse one that claims another producer.
 */
public final class BusSignature {

    /** Key ids: a producer name, a dot, a version. */
    public static final Pattern KEY_ID = Pattern.compile("^[a-z][a-z0-9-]{0,62}\\.[A-Za-z0-9_-]{1,32}$");
    private static final byte[] MEMBER = ",\"sig\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int MAC_LENGTH = 43; // 32 bytes, base64url without padding
    private static final int LONGEST_SUFFIX = MEMBER.length + 96 + 1 + MAC_LENGTH + 2;

    private BusSignature() {}

    /** A signed message taken apart: the bytes that were signed, the key id and the MAC. */
    public record Parts(byte[] signed, String keyId, byte[] mac) {}

    /** {@code json} (a JSON object) with the signature member added at its end. */
    public static byte[] sign(byte[] json, String keyId, byte[] key) {
        int end = json.length - 1;
        if (end < 1 || json[end] != '}') {
            throw new IllegalArgumentException("only a JSON object can be signed");
        }
        byte[] suffix = (keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(json, key)) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(json, end + MEMBER.length + suffix.length);
        System.arraycopy(MEMBER, 0, out, end, MEMBER.length);
        System.arraycopy(suffix, 0, out, end + MEMBER.length, suffix.length);
        return out;
    }

    /** The parts of a signed payload, or empty when it carries no well-formed signature member at its end. */
    public static Optional<Parts> parts(byte[] payload) {
        int n = payload.length;
        if (n < MEMBER.length + MAC_LENGTH + 5 || payload[n - 1] != '}' || payload[n - 2] != '"') {
            return Optional.empty();
        }
        int from = Math.max(0, n - LONGEST_SUFFIX);
        for (int start = n - MEMBER.length - MAC_LENGTH - 4; start >= from; start--) {
            if (payload[start] == ',' && Arrays.equals(payload, start, start + MEMBER.length, MEMBER, 0, MEMBER.length)) {
                String value = new String(payload, start + MEMBER.length, n - 2 - start - MEMBER.length, StandardCharsets.US_ASCII);
                int colon = value.lastIndexOf(':');
                if (colon < 0 || !KEY_ID.matcher(value.substring(0, colon)).matches() || value.length() - colon - 1 != MAC_LENGTH) {
                    return Optional.empty();
                }
                byte[] mac;
                try {
                    mac = Base64.getUrlDecoder().decode(value.substring(colon + 1));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
                byte[] signed = Arrays.copyOf(payload, start + 1);
                signed[start] = '}';
                return Optional.of(new Parts(signed, value.substring(0, colon), mac));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code parts} were signed with {@code key} (constant-time comparison). */
    public static boolean verify(Parts parts, byte[] key) {
        return MessageDigest.isEqual(mac(parts.signed(), key), parts.mac());
    }

    /** The producer a key id belongs to: the part before its last dot. */
    public static String producerOf(String keyId) {
        return keyId.substring(0, keyId.lastIndexOf('.'));
    }

    private static byte[] mac(byte[] data, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
