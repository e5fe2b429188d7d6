package io.doorlock.base.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys from PEM files: PKCS#8 private keys and X.509 public keys, as {@code openssl genpkey -algorithm ed25519} writes them. */
public final class Pem {

    private Pem() {}

    public static PrivateKey ed25519PrivateKey(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pem + " is not an Ed25519 private key (PKCS#8 PEM)", e);
        }
    }

    public static PublicKey ed25519PublicKey(Path pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pem + " is not an Ed25519 public key (X.509 PEM)", e);
        }
    }

    private static byte[] der(Path pem, String label) {
        try {
            String text = Files.readString(pem);
            String begin = "-----BEGIN " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf("-----END " + label + "-----");
            if (from < 0 || to < from) {
                throw new IllegalStateException(pem + " holds no " + label + " PEM block");
            }
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
    }
}
