package io.doorlock.testing;

/**
 * An MQTT broker that runs doorlock's dynamic-security rules: no anonymous clients, the accounts of
 * {@link BrokerAccounts} with the roles of {@code deploy/mosquitto/service-roles.json}, devices provisioned through
 * {@code $CONTROL/dynamic-security/v1}. Mosquitto with its plugin ({@link MosquittoBroker}) is one; the local run's
 * embedded fallback is the other. The same checks run against both.
 */
public interface LockedDownBroker {

    int port();

    /** The broker's accounts: its admin, the four services and the test observer and harness. */
    BrokerAccounts accounts();

    /** A test client logged in as {@code account}, with a random client id. */
    TestMqttClient connect(MqttAccount account);

    /** A test client acting as one of the services, with that service's account and role. */
    TestMqttClient connectAs(String service);

    /** A test client that may read every doorlock topic and publish nothing. */
    TestMqttClient observe();

    /** Gives a device its account, as dashboard-gateway does at registration (a device that has one keeps it). */
    void provisionDevice(String deviceId, String token);

    /** Stops the broker and starts it again on the same port with the same state. */
    void restart();
}
