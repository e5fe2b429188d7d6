package io.doorlock.systemtests;

import io.doorlock.common.device.DeviceTokenHash;
import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration pieces shared by the system tests' service processes. */
final class ServiceConfig {

    /** A small heap and a quick start: several JVMs share this 2-core machine. */
    static final List<String> JVM = List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private ServiceConfig() {}

    static Path repoRoot() {
        return Path.of(System.getProperty("doorlock.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path logs() {
        return repoRoot().resolve("system-tests/target/service-logs");
    }

    /** The broker and the wire server every service talks to. */
    static Map<String, String> infrastructure(MosquittoBroker broker, MongoWireServer mongo) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.mongodb.connection-string", mongo.connectionString());
        config.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
        config.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));
        return config;
    }

    /** Devices known to device-gateway from configuration, each with token {@code token-<id>}. */
    static void staticDevices(Map<String, String> config, String owner, List<String> deviceIds) {
        for (String id : deviceIds) {
            config.put("doorlock.device-gateway.static-devices." + id + ".token-sha256", DeviceTokenHash.of("token-" + id));
            config.put("doorlock.device-gateway.static-devices." + id + ".owner", owner);
        }
    }
}
