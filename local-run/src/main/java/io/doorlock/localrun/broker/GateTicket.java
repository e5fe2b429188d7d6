package io.doorlock.localrun.broker;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Proof that a connection came through the {@link ConnectGate}: a random secret, new at every start and known only to
 * this process, that the gate puts in front of each password and the authenticator takes off again. A client that
 * connects to Moquette's internal port directly (around the gate's Will check) cannot log in.
 */
final class GateTicket {

    private final byte[] secret;

    private GateTicket(byte[] secret) {
        this.secret = secret;
    }

    static GateTicket generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new GateTicket(secret);
    }

    byte[] seal(byte[] password) {
        byte[] sealed = Arrays.copyOf(secret, secret.length + password.length);
        System.arraycopy(password, 0, sealed, secret.length, password.length);
        return sealed;
    }

    /** The password, if {@code sealed} starts with the secret. */
    Optional<byte[]> open(byte[] sealed) {
        if (sealed == null || sealed.length < secret.length
                || !MessageDigest.isEqual(secret, Arrays.copyOfRange(sealed, 0, secret.length))) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(sealed, secret.length, sealed.length));
    }
}
