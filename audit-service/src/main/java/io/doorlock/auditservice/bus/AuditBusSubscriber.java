package io.doorlock.auditservice.bus;

import io.doorlock.auditservice.audit.AuditPipeline;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import java.util.concurrent.TimeUnit;
import io.doorlock.auditservice.AuditBusConfig;

/**
 * audit-service's MQTT session on the bus: a persistent session ({@code cleanSession=false}) on the shared
 * subscription, with acknowledgements left to the application. Each message is handed to the {@link AuditPipeline}
 * and PUBACKed only when the pipeline has stored it. If the service dies first, the broker keeps the message in the
 * session and sends it again when the replica reconnects; the store's unique id drops the copy.
 *
 * <p>When the broker goes away it reconnects with exponential backoff and jitter, counting
 * {@code doorlock_mqtt_reconnects_total{client="audit-bus"}}. An acknowledgement for a message received on an earlier
 * connection is dropped: packet ids belong to one connection, and the broker re-sends that message anyway.
 */
@ApplicationScoped
public class AuditBusSubscriber {

    private static final Logger LOG = Logger.getLogger(AuditBusSubscriber.class);
    static final String CLIENT_TAG = "audit-bus";

    private final Gauges gauges;
    private final Vertx vertx;
    private final AuditBusConfig config;
    private final AuditPipeline pipeline;
    private final MeterRegistry metrics;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Context context;
    private volatile MqttClient current;
    private volatile boolean subscribed;
    private volatile boolean everConnected;
    private Duration nextDelay;

    public AuditBusSubscriber(Vertx vertx, AuditBusConfig config, AuditPipeline pipeline, MeterRegistry metrics, Gauges gauges) {
        this.gauges = gauges;
        this.vertx = vertx;
        this.config = config;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.nextDelay = config.reconnectDelay();
    }

    void onStart(@Observes StartupEvent event) {
        gauges.register("doorlock_mqtt_connected", Tags.of("client", CLIENT_TAG), this, s -> s.isSubscribed() ? 1 : 0);
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    /**
     * A graceful stop (a rolling restart, or a scale-down) first leaves the shared subscription, so that the broker
     * hands this replica's share to the others instead of queueing it in a session that may never come back; then it
     * stores and acknowledges what it holds, and disconnects. Only a crash leaves events in the session, and a
     * StatefulSet brings the same replica (same client id) back for them.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping.set(true);
        MqttClient client = current;
        if (client != null && client.isConnected()) {
            try {
                client.unsubscribe(config.topic()).toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
                LOG.infof("audit bus session %s left %s", config.clientId(), config.topic());
            } catch (Exception e) {
                LOG.warnf("leaving %s at shutdown failed: %s", config.topic(), e.getMessage());
            }
        }
        pipeline.drain(Duration.ofSeconds(5));
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
    }

    /** True while the session is connected and its subscription granted: what readiness reports. */
    public boolean isSubscribed() {
        MqttClient client = current;
        return subscribed && client != null && client.isConnected();
    }

    private void connect() {
        if (stopping.get()) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(config.clientId())
                .setCleanSession(false)
                .setAutoKeepAlive(true)
                .setKeepAliveInterval((int) config.keepAlive().toSeconds())
                .setMaxMessageSize(config.maxMessageSize())
                .setSsl(config.ssl());
        options.setAutoAck(false);
        config.username().ifPresent(options::setUsername);
        config.password().ifPresent(options::setPassword);
        MqttClient client = MqttClient.create(vertx, options);
        current = client;
        subscribed = false;
        client.publishHandler(message -> received(client, message));
        client.closeHandler(v -> lost(client, "connection closed"));
        client.subscribeCompletionHandler(ack -> {
            boolean granted = ack.grantedQoSLevels().stream().allMatch(qos -> qos >= 0 && qos <= 2);
            if (granted && client == current) {
                subscribed = true;
                nextDelay = config.reconnectDelay();
                LOG.infof("audit-service subscribed to %s as %s", config.topic(), config.clientId());
            } else if (!granted) {
                LOG.errorf("the broker refused the subscription %s for %s: check the service's broker account", config.topic(), config.clientId());
                client.disconnect();
            }
        });
        client.connect(config.port(), config.host()).onSuccess(connack -> {
            if (everConnected) {
                metrics.counter("doorlock_mqtt_reconnects_total", "client", CLIENT_TAG).increment();
            }
            everConnected = true;
            LOG.infof("audit bus session %s connected (session present: %s)", config.clientId(), connack.isSessionPresent());
            client.subscribe(config.topic(), MqttQoS.AT_LEAST_ONCE.value());
        }).onFailure(e -> lost(client, e.getMessage()));
    }

    private void received(MqttClient client, MqttPublishMessage message) {
        pipeline.received(message.payload().getBytes(), () -> context.runOnContext(v -> {
            if (client == current && client.isConnected() && message.qosLevel() != MqttQoS.AT_MOST_ONCE) {
                message.ack();
            }
        }));
    }

    private void lost(MqttClient client, String why) {
        if (client != current) {
            return;
        }
        subscribed = false;
        if (stopping.get()) {
            return;
        }
        long delay = withJitter(nextDelay);
        nextDelay = nextDelay.multipliedBy(2).compareTo(config.reconnectMaxDelay()) > 0 ? config.reconnectMaxDelay() : nextDelay.multipliedBy(2);
        LOG.warnf("audit bus session %s lost (%s); reconnecting in %d ms", config.clientId(), why, delay);
        current = null;
        vertx.setTimer(Math.max(1, delay), t -> context.runOnContext(v -> connect()));
    }

    private static long withJitter(Duration delay) {
        long ms = delay.toMillis();
        return ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
    }
}
