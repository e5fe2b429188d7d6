package io.doorlock.bench;

import io.doorlock.common.bus.BusSignature;
import io.doorlock.common.command.CommandAuthorization;
import io.doorlock.common.command.CommandKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * What the trust model costs per message, on this JVM: the bus's HMAC-SHA256 signature (every bus message is signed
 * once and checked by each consumer) and the Ed25519 command signature (signed once per command by command-service,
 * checked by the lock). {@code bin/bench signing [--seconds 5]}. Prints microseconds per operation.
 */
public final class SigningBenchmark {

    private SigningBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Bench.options(args);
        long seconds = Long.parseLong(opts.getOrDefault("seconds", "5"));
        byte[] busMessage = ("{\"id\":\"6f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40\",\"type\":\"command.dispatch\",\"at\":\"2026-12-03T10:00:00Z\","
                + "\"producer\":\"command-service\",\"correlationId\":\"6f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40\",\"deviceId\":\"door-1\","
                + "\"userId\":\"65f0c2a1b4e9d83a1c2f4b7d\",\"data\":{\"commandId\":\"6f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40\",\"deviceId\":\"door-1\","
                + "\"command\":\"unlock_door\",\"payload\":{\"duration\":5000},\"attempt\":1,\"expiresAt\":\"2026-12-03T10:00:30Z\"}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[32];
        byte[] signed = BusSignature.sign(busMessage, "command-service.1", key);
        String msg = "{\"v\":1,\"deviceId\":\"door-1\",\"commandId\":\"6f1c2a9e-4b7d-4c1e-9f3a-2d8b5e7c1a40\",\"command\":\"unlock_door\","
                + "\"payload\":{\"duration\":5000},\"issuedAt\":1796342400000,\"expiresAt\":1796342430000,\"counter\":42}";
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CommandAuthorization auth = new CommandAuthorization(CommandAuthorization.ED25519, CommandKeys.keyId(CommandKeys.raw(pair.getPublic())),
                msg, Base64.getUrlEncoder().withoutPadding().encodeToString(ed25519(pair, msg)));

        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-56s %10s%n", "operation", "us/op");
        report("bus HMAC-SHA256 sign (" + busMessage.length + " B)", seconds, () -> BusSignature.sign(busMessage, "command-service.1", key));
        report("bus HMAC-SHA256 check", seconds, () -> BusSignature.verify(BusSignature.parts(signed).orElseThrow(), key));
        report("command Ed25519 sign (JDK SunEC)", seconds, () -> ed25519(pair, msg));
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        byte[] publicKey = CommandKeys.raw(pair.getPublic());
        byte[] message = msg.getBytes(StandardCharsets.UTF_8);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        report("command Ed25519 sign (Bouncy Castle, command-service)", seconds,
                () -> Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0));
        report("command Ed25519 check (the lock's)", seconds, () -> CommandKeys.verify(auth, pair.getPublic()));
        System.exit(0);
    }

    private static byte[] ed25519(KeyPair pair, String msg) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update(msg.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Warms up for a second, then runs {@code op} for {@code seconds} and prints the mean time per operation. */
    private static void report(String name, long seconds, Runnable op) {
        long warm = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warm) {
            op.run();
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long n = 0;
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        System.out.printf("%-56s %10.1f%n", name, (System.nanoTime() - start) / 1000.0 / n);
    }
}
