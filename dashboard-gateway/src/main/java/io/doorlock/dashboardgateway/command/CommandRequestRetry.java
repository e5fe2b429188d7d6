package io.doorlock.dashboardgateway.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The request side of "a command is never lost": the bus acknowledges a request when the broker has it, but
 * command-service could still die before storing it. Every request is recorded in {@link CommandHistory} first; one
 * that command-service has not confirmed (no status yet) within 3 s is published again, with the same commandId and
 * requestedAt, so it creates at most one command and its deadline still counts from the user's click.
 */
@ApplicationScoped
public class CommandRequestRetry {

    private static final Logger LOG = Logger.getLogger(CommandRequestRetry.class);

    private final CommandHistory history;
    private final CommandRequests requests;
    private final MeterRegistry metrics;
    private ScheduledExecutorService timer;

    public CommandRequestRetry(CommandHistory history, CommandRequests requests, MeterRegistry metrics) {
        this.history = history;
        this.requests = requests;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-request-retry");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::retryQuietly, 1, 1, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void retryQuietly() {
        try {
            for (CommandHistory.Unconfirmed u : history.claimUnconfirmed(Instant.now(), 200)) {
                LOG.infof("command %s not confirmed by command-service yet; publishing the request again", u.request().commandId());
                metrics.counter("doorlock_command_requests_republished_total").increment();
                requests.republish(u.request(), u.correlationId());
            }
        } catch (RuntimeException e) {
            LOG.warnf("re-publishing unconfirmed command requests failed (retried next second): %s", e.getMessage());
        }
    }
}
