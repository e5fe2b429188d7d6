package io.doorlock.dashboardgateway.visitor;

import io.doorlock.base.image.ImageType;
import io.doorlock.common.dashboard.VisitorDecision;
import io.doorlock.dashboardgateway.api.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import io.doorlock.dashboardgateway.VisitorConfig;

/**
 * New visitors and old ones: stores a doorbell photo that device-gateway forwarded (checked again here: size and
 * JPEG/PNG by content), announces {@code new_visitor}; and every {@code sweep-interval} expires visitors left pending
 * past their {@code expiresAt} (creation + {@code pending-timeout}), announcing {@code visitor_processed} with decision
 * {@code expired}, and requests the unlock of any granted visitor whose request was never recorded.
 */
@ApplicationScoped
public class VisitorIntake {

    private static final Logger LOG = Logger.getLogger(VisitorIntake.class);

    private final VisitorStore store;
    private final VisitorEvents events;
    private final VisitorConfig config;
    private final MeterRegistry metrics;
    private final VisitorDecisions decisions;
    private ScheduledExecutorService timer;

    public VisitorIntake(VisitorStore store, VisitorEvents events, VisitorConfig config, MeterRegistry metrics, VisitorDecisions decisions) {
        this.store = store;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.decisions = decisions;
    }

    public VisitorLog arrived(String deviceId, byte[] image) {
        if (image.length > config.maxImageBytes()) {
            throw new ApiException(413, "the photo is larger than " + config.maxImageBytes() + " bytes");
        }
        ImageType type = ImageType.sniff(image).orElseThrow(() -> new ApiException(415, "the photo must be a JPEG or PNG image"));
        Instant now = Instant.now();
        VisitorLog visitor = store.create(deviceId, image, type.mediaType(), now, now.plus(config.pendingTimeout()));
        metrics.counter("doorlock_visitors_total").increment();
        events.arrived(visitor);
        LOG.infof("visitor %s at %s (%d bytes %s)", visitor.id(), deviceId, image.length, type.mediaType());
        return visitor;
    }

    void onStart(@Observes StartupEvent event) {
        try {
            store.ensureIndexes();
        } catch (RuntimeException e) {
            LOG.warnf("could not create the visitor indexes yet: %s", e.getMessage());
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "visitor-expiry");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(this::expireQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void expireQuietly() {
        try {
            Instant now = Instant.now();
            for (VisitorLog overdue : store.overdue(now, 200)) {
                store.expire(overdue.id(), now).ifPresent(expired -> {
                    metrics.counter("doorlock_visitor_decisions_total", "result", "expired").increment();
                    events.processed(expired, VisitorDecision.EXPIRED, Optional.empty(), now);
                });
            }
            decisions.repairGranted(now);
        } catch (RuntimeException e) {
            LOG.warnf("expiring visitors failed (retried next sweep): %s", e.getMessage());
        }
    }
}
