package io.doorlock.testing;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The broker accounts of one doorlock installation: the dynamic-security admin (dashboard-gateway provisions devices
 * with it), one account per service, each holding only its own role from {@code deploy/mosquitto/service-roles.json},
 * and, for tests only, an observer that may read every doorlock topic and publish nothing, and a harness that may
 * read and publish every doorlock topic (a test plays the services that are not under test with it).
 *
 * <p>Usernames contain {@code @}, which a device id can never contain, so no device can ever be registered under a
 * service's name.
 */
public final class BrokerAccounts {

    /** The four services, in the order of {@code service-roles.json}. */
    public static final List<String> SERVICES = List.of("device-gateway", "dashboard-gateway", "command-service", "audit-service");
    /** Test-only role: subscribe to every doorlock topic, publish nothing. */
    public static final String OBSERVER_ROLE = "test-observer";
    /** Test-only role: subscribe and publish on every doorlock topic. */
    public static final String HARNESS_ROLE = "test-harness";

    private final MqttAccount admin;
    private final Map<String, MqttAccount> services;
    private final MqttAccount observer;
    private final MqttAccount harness;

    private BrokerAccounts(MqttAccount admin, Map<String, MqttAccount> services, MqttAccount observer, MqttAccount harness) {
        this.services = services;
        this.admin = admin;
        this.observer = observer;
        this.harness = harness;
    }

    /** Fresh accounts with random 256-bit passwords. */
    public static BrokerAccounts generate() {
        Map<String, MqttAccount> services = new LinkedHashMap<>();
        for (String service : SERVICES) {
            services.put(service, new MqttAccount(serviceUsername(service), randomPassword()));
        }
        return new BrokerAccounts(new MqttAccount("broker-admin@doorlock", randomPassword()), services,
                new MqttAccount("observer@test", randomPassword()), new MqttAccount("harness@test", randomPassword()));
    }

    /** Accounts read back from {@link #toProperties()}. */
    public static BrokerAccounts fromProperties(Map<String, String> properties) {
        Map<String, MqttAccount> services = new LinkedHashMap<>();
        for (String service : SERVICES) {
            services.put(service, new MqttAccount(serviceUsername(service), required(properties, service)));
        }
        return new BrokerAccounts(new MqttAccount(required(properties, "admin.username"), required(properties, "admin")), services,
                new MqttAccount("observer@test", required(properties, "observer")), new MqttAccount("harness@test", required(properties, "harness")));
    }

    /** Every password, keyed by account, for a file only its owner may read. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("admin.username", admin.username());
        properties.put("admin", admin.password());
        services.forEach((service, account) -> properties.put(service, account.password()));
        properties.put("observer", observer.password());
        properties.put("harness", harness.password());
        return properties;
    }

    /**
     * The broker properties of one of the four services: its own account, and for dashboard-gateway the admin account
     * it provisions devices with.
     */
    public Map<String, String> serviceConfig(String service) {
        MqttAccount account = service(service);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mp.messaging.connector.smallrye-mqtt.username", account.username());
        config.put("mp.messaging.connector.smallrye-mqtt.password", account.password());
        if ("dashboard-gateway".equals(service)) {
            config.put("doorlock.broker.provisioning.enabled", "true");
            config.put("doorlock.broker.provisioning.username", admin.username());
            config.put("doorlock.broker.provisioning.password", admin.password());
        }
        return config;
    }

    /** The broker username of a service. */
    public static String serviceUsername(String service) {
        return service + "@doorlock";
    }

    /** The broker role of a service, as {@code service-roles.json} names it. */
    public static String serviceRole(String service) {
        return "service-" + service;
    }

    public MqttAccount admin() {
        return admin;
    }

    /** The account of one of {@link #SERVICES}. */
    public MqttAccount service(String service) {
        MqttAccount account = services.get(service);
        if (account == null) {
            throw new IllegalArgumentException("no broker account for " + service + "; services are " + SERVICES);
        }
        return account;
    }

    /** Test-only: reads every doorlock topic, publishes nothing. */
    public MqttAccount observer() {
        return observer;
    }

    /** Test-only: reads and publishes every doorlock topic. */
    public MqttAccount harness() {
        return harness;
    }

    private static String required(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("broker accounts file lacks " + key);
        }
        return value;
    }

    static String randomPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
