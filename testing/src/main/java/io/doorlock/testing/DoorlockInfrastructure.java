package io.doorlock.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: a real Mosquitto (locked down: every client logs in, each service with its own role) and a
 * MongoDB wire server for the service under test, plus a fresh JWT key pair. Use with
 * {@code @QuarkusTestResource(DoorlockInfrastructure.class)} (or {@code @WithTestResource}). The service under test
 * logs in with its own account: Surefire names it in {@code doorlock.test.service} (the module's artifact id), and
 * dashboard-gateway provisions devices with the broker's admin account. Tests reach the running pieces through the
 * static accessors, and play the other services with {@code broker().harness()}.
 */
public class DoorlockInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static MosquittoBroker broker;
    private static MongoWireServer mongo;
    private static TestKeys keys;

    @Override
    public Map<String, String> start() {
        broker = MosquittoBroker.start();
        mongo = MongoWireServer.start();
        keys = TestKeys.generate();
        Map<String, String> config = serviceConfig(broker, mongo, keys);
        String service = System.getProperty("doorlock.test.service", "");
        if (BrokerAccounts.SERVICES.contains(service)) {
            config.putAll(broker.serviceConfig(service));
        }
        return config;
    }

    /** The configuration that points a service at this broker, this wire server and these keys. */
    static Map<String, String> serviceConfig(MosquittoBroker broker, MongoWireServer mongo, TestKeys keys) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.mongodb.connection-string", mongo.connectionString());
        config.put("mp.messaging.connector.smallrye-mqtt.host", broker.host());
        config.put("mp.messaging.connector.smallrye-mqtt.port", String.valueOf(broker.port()));
        config.put("mp.jwt.verify.publickey.location", keys.publicKeyPem().toUri().toString());
        config.put("smallrye.jwt.sign.key.location", keys.privateKeyPem().toUri().toString());
        return config;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
        if (mongo != null) {
            mongo.stop();
        }
    }

    public static MosquittoBroker broker() {
        return broker;
    }

    public static MongoWireServer mongo() {
        return mongo;
    }

    public static TestKeys keys() {
        return keys;
    }
}
