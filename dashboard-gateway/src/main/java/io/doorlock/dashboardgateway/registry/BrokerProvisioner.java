package io.doorlock.dashboardgateway.registry;

import io.doorlock.base.broker.DynamicSecurityClient;
import io.doorlock.common.topic.DeviceBrokerAccess;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.BrokerProvisioningConfig;

/**
 * Gives each registered device its MQTT credentials at the broker (Mosquitto dynamic security): username = device
 * id, password = device token, and a role that allows exactly its own topics. Only dashboard-gateway ever holds a
 * plain device token, at registration and rotation, so it provisions; the token never travels on the bus.
 */
@ApplicationScoped
public class BrokerProvisioner {

    private static final Logger LOG = Logger.getLogger(BrokerProvisioner.class);

    private final BrokerProvisioningConfig config;
    private final Vertx vertx;
    private final String host;
    private final int port;
    private DynamicSecurityClient client;

    public BrokerProvisioner(BrokerProvisioningConfig config, Vertx vertx,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-mqtt.host") String host,
            @ConfigProperty(name = "mp.messaging.connector.smallrye-mqtt.port") int port) {
        this.config = config;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
    }

    public void provision(String deviceId, String token) {
        execute(DeviceBrokerAccess.create(deviceId, token), "already exists");
    }

    /** New password and live sessions kicked; a device missing at the broker is provisioned afresh. */
    public void rotate(String deviceId, String token) {
        if (!config.enabled()) {
            return;
        }
        List<JsonObject> answers = send(DeviceBrokerAccess.rotate(deviceId, token));
        if (answers.stream().anyMatch(a -> String.valueOf(a.getString("error")).contains("not found"))) {
            provision(deviceId, token);
            return;
        }
        check(answers, "");
    }

    public void remove(String deviceId) {
        execute(DeviceBrokerAccess.remove(deviceId), "not found");
    }

    private void execute(List<Map<String, Object>> commands, String tolerated) {
        if (config.enabled()) {
            check(send(commands), tolerated);
        }
    }

    private synchronized List<JsonObject> send(List<Map<String, Object>> commands) {
        try {
            if (client == null || !client.isConnected()) {
                client = DynamicSecurityClient.connect(vertx, host, port,
                        config.username().orElseThrow(() -> new IllegalStateException("doorlock.broker.provisioning.username is not set")),
                        config.password().orElseThrow(() -> new IllegalStateException("doorlock.broker.provisioning.password is not set")),
                        config.timeout());
            }
            return client.execute(commands);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            client = null;
            throw new ProvisioningException("the broker could not be provisioned: " + e.getMessage(), e);
        }
    }

    private static void check(List<JsonObject> answers, String tolerated) {
        for (JsonObject answer : answers) {
            String error = answer.getString("error");
            if (error != null && (tolerated.isEmpty() || !error.contains(tolerated))) {
                LOG.warnf("dynamic-security %s failed: %s", answer.getString("command"), error);
                throw new ProvisioningException("the broker refused " + answer.getString("command") + ": " + error, null);
            }
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The broker could not be told; the registry is unchanged or the caller is told to retry. */
    public static class ProvisioningException extends RuntimeException {
        public ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
