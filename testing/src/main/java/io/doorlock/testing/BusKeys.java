package io.doorlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.doorlock.common.bus.BusAuthority;
import io.doorlock.common.bus.BusSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The bus keys of one installation: one HMAC key per service, version 1, in the file format services read
 * ({@code doorlock.bus.signing.keys-file}). Tests sign what they publish as a service with {@link #signAsProducer}.
 */
public final class BusKeys {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, byte[]> keys;

    private BusKeys(Map<String, byte[]> keys) {
        this.keys = keys;
    }

    /** Fresh random 256-bit keys for the four services. */
    public static BusKeys generate() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        SecureRandom random = new SecureRandom();
        for (String service : BrokerAccounts.SERVICES) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            keys.put(keyId(service), key);
        }
        return new BusKeys(keys);
    }

    /** Keys read back from a file {@link #write} wrote. */
    public static BusKeys read(Path file) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        SecretFiles.readProperties(file).forEach((id, key) -> keys.put(id, Base64.getDecoder().decode(key)));
        return new BusKeys(keys);
    }

    /** Writes every key to {@code file}, readable by its owner only. */
    public Path write(Path file) {
        Map<String, String> encoded = new LinkedHashMap<>();
        keys.forEach((id, key) -> encoded.put(id, Base64.getEncoder().encodeToString(key)));
        return SecretFiles.writeProperties(file, encoded, "doorlock bus keys: <service>.<version>=<base64 HMAC-SHA256 key>");
    }

    /** The properties that give a service its keys file (and so its own signing key). */
    public static Map<String, String> serviceConfig(Path file) {
        return Map.of("doorlock.bus.signing.keys-file", file.toAbsolutePath().toString());
    }

    /** Every key as it is written to the keys file (base64): what must never appear anywhere else. */
    public List<String> encodedKeys() {
        return keys.values().stream().map(key -> Base64.getEncoder().encodeToString(key)).toList();
    }

    /** {@code json} signed with {@code service}'s key. */
    public byte[] sign(String service, byte[] json) {
        byte[] key = keys.get(keyId(service));
        if (key == null) {
            throw new IllegalArgumentException("no bus key for " + service);
        }
        return BusSignature.sign(json, keyId(service), key);
    }

    /**
     * Signs a bus message as the service its {@code producer} field names, or a registry record (which has none) as
     * dashboard-gateway: what a test publishes as a service looks exactly like what that service publishes.
     */
    public String signAsProducer(String json) {
        try {
            JsonNode producer = JSON.readTree(json).path("producer");
            String service = producer.isTextual() ? producer.asText() : BusAuthority.DASHBOARD_GATEWAY;
            return new String(sign(service, json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service that may publish bus messages of {@code type} ({@link BusAuthority}), the first it names. */
    public static String producerFor(String type) {
        return BusAuthority.producers(type).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service publishes bus messages of type " + type));
    }

    static String keyId(String service) {
        return service + ".1";
    }
}
