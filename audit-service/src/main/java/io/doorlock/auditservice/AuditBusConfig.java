package io.doorlock.auditservice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The audit subscription. audit-service reads the bus with its own MQTT session instead of a SmallRye channel, because
 * it must acknowledge (PUBACK) an event only once it is stored, and the connector acknowledges on receipt.
 */
@ConfigMapping(prefix = "doorlock.audit.bus")
public interface AuditBusConfig {

    /** Broker host; by default the one every other channel of the service uses. */
    @WithDefault("${mp.messaging.connector.smallrye-mqtt.host:127.0.0.1}")
    String host();

    /** Broker port. */
    @WithDefault("${mp.messaging.connector.smallrye-mqtt.port:1883}")
    int port();

    /** Broker account; by default the service's account for its other channels. */
    Optional<String> username();

    /** Password of {@link #username()}. */
    Optional<String> password();

    /** Connect to the broker over TLS. */
    @WithDefault("${mp.messaging.connector.smallrye-mqtt.ssl:false}")
    boolean ssl();

    /**
     * Client id of the persistent session. It must be stable across restarts of one replica (a StatefulSet's pod
     * name) and unique between replicas: events the broker handed to this session and that were not yet stored are
     * sent to it again when a replica of the same id reconnects.
     */
    @WithDefault("audit-service-${doorlock.instance-id}")
    String clientId();

    /** The shared subscription, so that replicas split the bus between them. */
    @WithDefault("$share/audit-service/doorlock/v1/bus/#")
    String topic();

    /** First wait before reconnecting after the broker went away; doubles up to {@link #reconnectMaxDelay()}, with jitter. */
    @WithDefault("500ms")
    Duration reconnectDelay();

    /**
     * Longest wait between two reconnection attempts. Short, because a restarted Mosquitto 2.0 forgets the shared
     * subscription until the session subscribes again; what is published meanwhile comes back through the replay.
     */
    @WithDefault("2s")
    Duration reconnectMaxDelay();

    /** MQTT keep-alive of the session. */
    @WithDefault("30s")
    Duration keepAlive();

    /** Largest message accepted from the broker. */
    @WithDefault("1048576")
    int maxMessageSize();
}
