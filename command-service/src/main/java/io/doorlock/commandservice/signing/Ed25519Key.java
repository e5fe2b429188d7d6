package io.doorlock.commandservice.signing;

import io.doorlock.common.command.CommandKeys;
import java.security.KeyPair;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The platform's Ed25519 key pair as raw bytes, signing with Bouncy Castle's RFC 8032 implementation: about 25 times
 * less CPU per signature than the JDK's {@code SunEC} (see docs/performance.md, "What the trust model costs"), with
 * the same bytes, since Ed25519 signatures are deterministic. Pure arithmetic: no provider, no reflection.
 */
final class Ed25519Key {

    private final byte[] seed;
    private final byte[] publicKey;

    private Ed25519Key(byte[] seed, byte[] publicKey) {
        this.seed = seed;
        this.publicKey = publicKey;
    }

    /** The key pair's raw bytes; refuses a private key that is not Ed25519 or does not hold its 32-byte seed. */
    static Ed25519Key of(KeyPair keys) {
        if (!(keys.getPrivate() instanceof EdECPrivateKey edec)) {
            throw new IllegalArgumentException("not an Ed25519 private key");
        }
        byte[] seed = edec.getBytes().orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key holds no seed"));
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
        }
        return new Ed25519Key(seed, CommandKeys.raw(keys.getPublic()));
    }

    /** The 64-byte signature of {@code message}. */
    byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** The raw 32 bytes of the public key. */
    byte[] publicKey() {
        return publicKey.clone();
    }
}
