package io.doorlock.base.bus;

import io.doorlock.base.health.BusReconnected;
import io.doorlock.common.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import java.time.Duration;

/**
 * Keeps the bus messages this service published recently and, after the bus came back from a loss, publishes them
 * again on {@code doorlock/v1/bus/replay}, which only the audit trail reads (its {@code bus/#} subscription; no
 * other consumer subscribes to it), and which drops what it already has by message id.
 *
 * <p>Why: Mosquitto 2.0 does not restore shared subscriptions from its persistence file when it restarts. Messages
 * published between its restart and the moment audit-service subscribes again, and those it held for the audit
 * session, are dropped, although the publisher had its PUBACK. The replay closes that gap for the audit trail. The
 * other consumers do not need it: commands are recovered by query and re-published requests.
 */
@ApplicationScoped
public class BusReplay {

    private static final Logger LOG = Logger.getLogger(BusReplay.class);

    private record Sent(Instant at, String topic, byte[] payload) {}

    private final BusConfig.Replay config;
    private final MeterRegistry metrics;
    /** How long a message is kept: the look-back plus the longest wait before a replay. */
    private final Duration keep;
    private final Clock clock = Clock.systemUTC();
    private final Deque<Sent> recent = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bus-replay");
        t.setDaemon(true);
        return t;
    });

    public BusReplay(BusConfig config, MeterRegistry metrics) {
        this.config = config.replay();
        this.metrics = metrics;
        this.keep = this.config.lookBack().plus(this.config.after().stream().max(Duration::compareTo).orElse(Duration.ZERO));
    }

    /** Called for every bus message once the broker acknowledged it. */
    void published(String topic, byte[] payload) {
        if (!config.enabled() || !topic.startsWith(Topics.BUS_PREFIX) || topic.equals(Topics.BUS_REPLAY)) {
            return;
        }
        Instant now = clock.instant();
        synchronized (recent) {
            recent.addLast(new Sent(now, topic, payload));
            Instant horizon = now.minus(keep);
            while (!recent.isEmpty() && (recent.size() > config.maxMessages() || recent.peekFirst().at().isBefore(horizon))) {
                if (recent.size() > config.maxMessages()) {
                    metrics.counter("doorlock_bus_replay_dropped_total").increment();
                }
                recent.removeFirst();
            }
        }
    }

    /** Schedules the replays of what was published from {@code lostAt - lookBack} on. */
    void onReconnected(@ObservesAsync BusReconnected event, BusPublisher publisher) {
        if (!config.enabled()) {
            return;
        }
        Instant from = event.lostAt().minus(config.lookBack());
        for (Duration after : config.after()) {
            timer.schedule(() -> replay(from, publisher), after.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void replay(Instant from, BusPublisher publisher) {
        List<Sent> batch = new ArrayList<>();
        synchronized (recent) {
            for (Sent s : recent) {
                if (!s.at().isBefore(from)) {
                    batch.add(s);
                }
            }
        }
        int done = 0;
        try {
            for (Sent s : batch) {
                publisher.publishRaw(Topics.BUS_REPLAY, s.payload(), false);
                done++;
            }
            LOG.infof("replayed %d bus messages published since %s to the audit trail", done, from);
        } catch (BusUnavailableException e) {
            LOG.warnf("replay stopped after %d of %d messages: %s", done, batch.size(), e.getMessage());
        }
        metrics.counter("doorlock_bus_replayed_total").increment(done);
    }
}
