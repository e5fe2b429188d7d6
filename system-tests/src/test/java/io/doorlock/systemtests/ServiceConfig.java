package io.doorlock.systemtests;

import io.doorlock.testing.MongoWireServer;
import io.doorlock.testing.MosquittoBroker;
import io.doorlock.testing.TestKeys;
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

    /**
     * dashboard-gateway with its own access-token keys and its broker account: enough for people to sign up and
     * register their devices ({@link UserAccount}).
     */
    static Map<String, String> dashboardGateway(MosquittoBroker broker, MongoWireServer mongo, TestKeys keys) {
        Map<String, String> config = infrastructure(broker, mongo);
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        config.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        config.putAll(broker.serviceConfig("dashboard-gateway"));
        return config;
    }
}
