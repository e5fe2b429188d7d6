package io.doorlock.base.alert;

import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.dashboard.AlertLevel;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.topic.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Raises {@code system_alert}s for the platform admins' dashboards (the seed's {@code admin} role room), through the
 * bus so that every dashboard-gateway replica delivers them. Each alert kind is raised at most once a minute per
 * replica, so a flood of the same trouble is one alert, not a flood of alerts.
 */
@ApplicationScoped
public class SystemAlerts {

    private static final Logger LOG = Logger.getLogger(SystemAlerts.class);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final BusPublisher bus;
    private final Map<String, Instant> lastRaised = new ConcurrentHashMap<>();
    /** Publishing waits for the broker: never on the caller's thread, which may be an event loop. */
    private final ExecutorService publisher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "system-alerts");
        t.setDaemon(true);
        return t;
    });

    public SystemAlerts(BusPublisher bus) {
        this.bus = bus;
    }

    /**
     * @param kind what the alert is about (the throttling key), e.g. {@code device-flood}
     * @return true when the alert was handed to the publisher, false when throttled. Never blocks.
     */
    public boolean raise(String kind, AlertLevel level, String message) {
        Instant now = Instant.now();
        Instant previous = lastRaised.get(kind);
        if (previous != null && previous.plus(QUIET).isAfter(now)) {
            return false;
        }
        lastRaised.put(kind, now);
        SystemAlert alert = new SystemAlert(level, message.length() > 1024 ? message.substring(0, 1024) : message);
        publisher.execute(() -> {
            try {
                bus.publish(Topics.SYSTEM_ALERTS, BusTypes.SYSTEM_ALERT, null, Optional.empty(), UUID.randomUUID().toString(), alert);
            } catch (BusUnavailableException e) {
                LOG.warnf("system alert not published (%s): %s", alert.message(), e.getMessage());
            }
        });
        return true;
    }

    @PreDestroy
    void stop() {
        publisher.shutdown();
    }
}
