package io.doorlock.devicegateway.presence;

import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.devicegateway.session.DeviceSession;
import io.doorlock.devicegateway.session.DeviceSessions;
import io.doorlock.devicegateway.presence.PresenceStore.Seen;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import io.micrometer.core.instrument.Tags;

/**
 * The connection manager's clockwork, on every replica:
 * <ul>
 *   <li>flush: writes the heartbeats seen since the last flush in one batch, and registers again any link the
 *       database had lost;</li>
 *   <li>local sweep: closes this replica's sockets that have been silent for the heartbeat timeout (4410);</li>
 *   <li>store sweep: marks offline ({@code heartbeat_timeout}) every online device nobody has heard from for the
 *       timeout, whichever replica or MQTT session it had, including sockets of a replica that died. Replicas race
 *       for it harmlessly: the compare-and-set in {@link PresenceStore} lets exactly one win.</li>
 * </ul>
 */
@ApplicationScoped
public class PresenceMaintenance {

    private static final Logger LOG = Logger.getLogger(PresenceMaintenance.class);
    private static final int SWEEP_BATCH = 500;

    private final Gauges gauges;
    private final GatewayLiveness liveness;
    private final String gatewayId;
    private final PresenceStore store;
    private final Sightings sightings;
    private final ConnectionManager connections;
    private final DeviceSessions sessions;
    private final DeviceGatewayConfig.Presence config;
    private final MeterRegistry metrics;
    private ScheduledExecutorService timer;
    private volatile PresenceStore.Census census = new PresenceStore.Census(0, 0, 0);

    public PresenceMaintenance(PresenceStore store, Sightings sightings, ConnectionManager connections, DeviceSessions sessions,
            DeviceGatewayConfig config, MeterRegistry metrics, GatewayLiveness liveness,
            Gauges gauges) {
        this.gauges = gauges;
        this.liveness = liveness;
        this.gatewayId = config.gatewayId();
        this.store = store;
        this.sightings = sightings;
        this.connections = connections;
        this.sessions = sessions;
        this.config = config.presence();
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            store.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the presence indexes yet: %s", e.getMessage());
        }
        gauges.register("doorlock_presence_pending_sightings", Tags.empty(), sightings, Sightings::size);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-maintenance");
            t.setDaemon(true);
            return t;
        });
        long flush = config.flushInterval().toMillis();
        long sweep = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(guarded("flush", this::flush), flush, flush, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(guarded("sweep", this::sweep), 0, sweep, TimeUnit.MILLISECONDS);
        long censusEvery = config.censusInterval().toMillis();
        gauges.register("doorlock_devices_online", Tags.of("link", "websocket"), this, m -> m.census.websocketOnly());
        gauges.register("doorlock_devices_online", Tags.of("link", "mqtt"), this, m -> m.census.mqttOnly());
        gauges.register("doorlock_devices_online", Tags.of("link", "both"), this, m -> m.census.both());
        timer.scheduleWithFixedDelay(guarded("census", () -> census = store.census()), 0, censusEvery, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.debugf("last flush failed: %s", e.getMessage());
        }
    }

    /** Writes pending heartbeats; what cannot be written now is kept for the next flush. */
    public void flush() {
        List<Seen> batch = sightings.drain();
        if (batch.isEmpty()) {
            return;
        }
        List<PresenceStore.Unlinked> unlinked;
        try {
            unlinked = store.touch(batch, config.mqttRelinkGrace());
        } catch (RuntimeException e) {
            sightings.restore(batch);
            throw e;
        }
        for (PresenceStore.Unlinked u : unlinked) {
            metrics.counter("doorlock_presence_relinked_total", "transport", u.seen().overMqtt() ? "mqtt" : "websocket",
                    "outcome", u.otherSocket().isPresent() ? "leftover_closed" : "relinked").increment();
            connections.relink(u);
        }
    }

    /** Stamps this replica alive, closes silent local sockets, then times out silent devices in the store. */
    public void sweep() {
        liveness.stamp(gatewayId, Instant.now());
        for (DeviceSession session : sessions.live()) {
            if (session.silentFor().compareTo(config.heartbeatTimeout()) > 0 && session.connection().isOpen()) {
                LOG.infof("device %s silent for %d s; closing its socket", session.identity().map(i -> i.deviceId()).orElse("?"),
                        session.silentFor().toSeconds());
                session.connection().close(new CloseReason(CloseReasons.HEARTBEAT_TIMEOUT, "heartbeat timeout"))
                        .subscribe().with(v -> { }, e -> LOG.debugf("closing a silent socket failed: %s", e.getMessage()));
            }
        }
        List<String> silent = store.silentSince(Instant.now().minus(config.heartbeatTimeout()), SWEEP_BATCH);
        for (String deviceId : silent) {
            connections.timedOut(deviceId);
        }
    }

    private static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warnf("presence %s failed: %s", name, e.getMessage());
            }
        };
    }
}
