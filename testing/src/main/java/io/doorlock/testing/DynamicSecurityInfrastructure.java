package io.doorlock.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Like {@link DoorlockInfrastructure}, but the broker runs Mosquitto's dynamic-security plugin: the service under
 * test connects with a service account, and broker provisioning of devices is switched on with the admin account.
 */
public class DynamicSecurityInfrastructure implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "broker-admin";
    public static final String ADMIN_PASSWORD = "broker-admin-password";
    public static final String SERVICE = "doorlock-service";
    public static final String SERVICE_PASSWORD = "doorlock-service-password";

    private static MosquittoBroker broker;
    private static MongoWireServer mongo;
    private static TestKeys keys;

    @Override
    public Map<String, String> start() {
        broker = MosquittoBroker.startWithDynamicSecurity(ADMIN, ADMIN_PASSWORD);
        broker.provisionServiceAccount(SERVICE, SERVICE_PASSWORD);
        mongo = MongoWireServer.start();
        keys = TestKeys.generate();
        Map<String, String> config = DoorlockInfrastructure.serviceConfig(broker, mongo, keys);
        config.put("mp.messaging.connector.smallrye-mqtt.username", SERVICE);
        config.put("mp.messaging.connector.smallrye-mqtt.password", SERVICE_PASSWORD);
        config.put("doorlock.broker.provisioning.enabled", "true");
        config.put("doorlock.broker.provisioning.username", ADMIN);
        config.put("doorlock.broker.provisioning.password", ADMIN_PASSWORD);
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
}
