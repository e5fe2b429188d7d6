package io.doorlock.base.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import jakarta.enterprise.event.Event;
import java.time.Instant;

/**
 * Watches the service's MQTT channels once a second, through the same channel readiness the probe uses, and exposes
 * {@code doorlock_mqtt_connected{client="bus"}} (1 while every channel is connected) and
 * {@code doorlock_mqtt_reconnects_total{client="bus"}} (each return after a loss). The broker-disconnected alert and
 * the admin health route read these.
 */
@ApplicationScoped
public class BrokerConnectionMonitor {

    private static final Logger LOG = Logger.getLogger(BrokerConnectionMonitor.class);
    static final String CLIENT = "bus";

    private final Gauges gauges;
    private final HealthCenter health;
    private final MeterRegistry metrics;
    private final Vertx vertx;
    private volatile boolean connected;
    private Instant lostAt = Instant.now();
    private final Event<BusReconnected> reconnected;
    private boolean everConnected;

    public BrokerConnectionMonitor(HealthCenter health, MeterRegistry metrics, Vertx vertx, Gauges gauges,
            Event<BusReconnected> reconnected) {
        this.gauges = gauges;
        this.health = health;
        this.metrics = metrics;
        this.vertx = vertx;
        this.reconnected = reconnected;
    }

    void onStart(@Observes StartupEvent event) {
        gauges.register("doorlock_mqtt_connected", Tags.of("client", CLIENT), this, m -> m.isConnected() ? 1 : 0);
        metrics.counter("doorlock_mqtt_reconnects_total", "client", CLIENT); // exported at 0 from the start
        check();
        vertx.setPeriodic(1000, id -> check());
    }

    /** True when every MQTT channel of the service was connected at the last check (at most a second ago). */
    public boolean isConnected() {
        return connected;
    }

    synchronized void check() {
        boolean now;
        try {
            now = health.getReadiness().isOk();
        } catch (RuntimeException e) {
            now = false;
        }
        if (now && !connected) {
            if (everConnected) {
                metrics.counter("doorlock_mqtt_reconnects_total", "client", CLIENT).increment();
                LOG.info("the MQTT bus is back");
                reconnected.fireAsync(new BusReconnected(lostAt, Instant.now()));
            }
            everConnected = true;
        } else if (!now && connected) {
            lostAt = Instant.now();
            LOG.warn("the MQTT bus is unavailable");
        }
        connected = now;
    }
}
