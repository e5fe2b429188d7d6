package io.doorlock.base.bus;

import io.doorlock.common.bus.BusSignature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Signs what this service publishes on the bus and checks what it reads ({@link BusSignature}): a message without a
 * signature, with an unknown key or with a wrong MAC is dropped and counted in
 * {@code doorlock_bus_rejected_messages_total{reason}}, never acted on.
 */
@ApplicationScoped
public class BusKeyring {

    private static final Logger LOG = Logger.getLogger(BusKeyring.class);
    private static final int MIN_KEY_BYTES = 32;
    /** One warning a second at most: whoever floods the bus with forgeries must not flood the log too. */
    private static final long WARN_EVERY_NANOS = 1_000_000_000L;

    /** A message whose signature held: the bytes that were signed and the producer whose key signed them. */
    public record Verified(byte[] json, String producer) {}

    private final MeterRegistry metrics;
    private final Map<String, byte[]> keys;
    private final String keyId;
    private final byte[] ownKey;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public BusKeyring(BusSigningConfig config, MeterRegistry metrics) {
        this.metrics = metrics;
        this.keys = load(config);
        this.keyId = config.keyId();
        this.ownKey = keys.get(keyId);
        if (ownKey == null) {
            throw new IllegalStateException("bus key " + keyId + " (doorlock.bus.signing.key-id) is not in " + config.keysFile());
        }
    }

    /** {@code json} with this service's signature. */
    public byte[] sign(byte[] json) {
        return BusSignature.sign(json, keyId, ownKey);
    }

    /** The producer of this service's key. */
    public String producer() {
        return BusSignature.producerOf(keyId);
    }

    /** The signed JSON and its producer, or empty (counted and logged) when the signature does not hold. */
    public Optional<Verified> verify(byte[] payload) {
        Optional<BusSignature.Parts> parts = BusSignature.parts(payload);
        if (parts.isEmpty()) {
            return rejected("unsigned");
        }
        byte[] key = keys.get(parts.get().keyId());
        if (key == null) {
            return rejected("unknown_key");
        }
        if (!BusSignature.verify(parts.get(), key)) {
            return rejected("bad_signature");
        }
        return Optional.of(new Verified(parts.get().signed(), BusSignature.producerOf(parts.get().keyId())));
    }

    /** Counts a signed message dropped for another reason, e.g. a producer that may not send its type. */
    public <T> Optional<T> rejected(String reason) {
        Counter.builder("doorlock_bus_rejected_messages_total")
                .description("Bus messages dropped because their signature or producer did not hold")
                .tag("reason", reason).register(metrics).increment();
        long last = lastWarning.get();
        if (System.nanoTime() - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, System.nanoTime())) {
            LOG.warnf("bus message dropped: %s (doorlock_bus_rejected_messages_total counts them all)", reason);
        }
        return Optional.empty();
    }

    private static Map<String, byte[]> load(BusSigningConfig config) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(config.keysFile())) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("bus keys file " + config.keysFile() + " (doorlock.bus.signing.keys-file) cannot be read", e);
        }
        Map<String, byte[]> keys = new HashMap<>();
        for (String id : properties.stringPropertyNames()) {
            if (!BusSignature.KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException("bus key id " + id + " is not <service>.<version>");
            }
            byte[] key = Base64.getDecoder().decode(properties.getProperty(id).trim());
            if (key.length < MIN_KEY_BYTES) {
                throw new IllegalStateException("bus key " + id + " is shorter than " + MIN_KEY_BYTES + " bytes");
            }
            keys.put(id, key);
        }
        return Map.copyOf(keys);
    }
}
