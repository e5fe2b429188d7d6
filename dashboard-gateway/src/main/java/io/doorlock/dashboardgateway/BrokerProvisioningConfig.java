package io.doorlock.dashboardgateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Broker provisioning of device credentials. */
@ConfigMapping(prefix = "doorlock.broker.provisioning")
public interface BrokerProvisioningConfig {
    /**
     * Provision device clients and ACLs in Mosquitto's dynamic-security plugin (or the local run's embedded broker,
     * which answers the same control API). On in the tests, the local run and Kubernetes; without it devices get
     * no broker account and can connect over WebSocket only.
     */
    @WithDefault("false")
    boolean enabled();

    /** The broker's dynamic-security admin user. */
    Optional<String> username();

    /** Its password (from a Secret: DOORLOCK_BROKER_PROVISIONING_PASSWORD). */
    Optional<String> password();

    /** How long to wait for the plugin's answer. */
    @WithDefault("5s")
    Duration timeout();
}
