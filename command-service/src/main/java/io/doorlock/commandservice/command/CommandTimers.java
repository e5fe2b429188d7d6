package io.doorlock.commandservice.command;

import io.doorlock.commandservice.command.CommandStep.AttemptDue;
import io.doorlock.commandservice.command.CommandStep.ExecutionTimeout;
import io.doorlock.commandservice.command.CommandStep.Expire;
import io.doorlock.common.command.CommandType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import io.doorlock.commandservice.CommandConfig;

/**
 * Every timer of the command state machine, as queries rather than process-local promises: each replica runs
 * {@link #sweep()} every {@code sweep-interval}, and the conditional updates let exactly one of them act on each
 * command. So a restarted or surviving replica picks up every overdue deadline, whoever created the command. Each
 * query only returns commands that can be acted on now, so a backlog of waiting commands never starves the rest.
 * What happens to each command it finds is {@link CommandRules}' decision:
 *
 * <ul>
 *   <li>{@code queued} past {@code expiresAt} + grace, no dispatch in flight → {@code expired};</li>
 *   <li>{@code queued} or {@code sent} whose {@code nextAttemptAt} has come: a {@code sent} command out of deliveries
 *       or past its deadline → {@code timed_out}; otherwise dispatched again with the same id (after the ack timeout,
 *       or after the offline retry for a device believed offline);</li>
 *   <li>{@code received} without a final ack for the execution timeout → {@code timed_out}.</li>
 * </ul>
 */
@ApplicationScoped
public class CommandTimers {

    private static final Logger LOG = Logger.getLogger(CommandTimers.class);
    private static final int BATCH = 500;
    private static final List<String> FIRMWARE = List.of(CommandType.FIRMWARE_UPDATE.wireName());

    private final CommandRepository repository;
    private final CommandLifecycle lifecycle;
    private final DeviceLinks links;
    private final CommandConfig config;
    private final DispatchInFlight inFlight;
    private final Clock clock;
    private ScheduledExecutorService timer;

    public CommandTimers(CommandRepository repository, CommandLifecycle lifecycle, DeviceLinks links, CommandConfig config, Clock clock) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.links = links;
        this.config = config;
        this.inFlight = new DispatchInFlight(config.ackTimeout());
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-timers");
            t.setDaemon(true);
            return t;
        });
        long every = config.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                LOG.warnf("command sweep failed (retried next tick): %s", e.getMessage());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One pass over every timer. */
    public void sweep() {
        Instant now = clock.instant();
        expireQueued(now);
        attemptDue(now);
        timeOutExecution(now);
    }

    void expireQueued(Instant now) {
        for (CommandDocument doc : repository.expirable(now.minus(config.expiryGrace()), inFlight.noneAt(now), BATCH)) {
            lifecycle.decide(doc, new Expire(clock.instant()), DispatchRoute.SHARED);
        }
    }

    void attemptDue(Instant now) {
        for (CommandDocument doc : repository.dueForAttempt(now, BATCH)) {
            DeviceLink link = links.find(doc.deviceId);
            // A first dispatch (its replica died between insert and dispatch) takes the route the request would have
            // taken. A re-dispatch goes on the shared topic, whatever replica the links name: it is what recovers a
            // dispatch sent to a replica that died, and any live replica forwards it to the socket or falls back to MQTT.
            DispatchRoute route = doc.attempts == 0 ? DispatchRoute.of(link) : DispatchRoute.SHARED;
            if (!lifecycle.decide(doc, new AttemptDue(link.offline(), clock.instant()), route)) {
                LOG.debugf("command %s: nothing written (not due any more, or another replica was first)", doc.id);
            }
        }
    }

    void timeOutExecution(Instant now) {
        for (CommandDocument doc : repository.receivedBefore(now.minus(config.executionTimeout()), FIRMWARE, false, BATCH)) {
            lifecycle.decide(doc, new ExecutionTimeout(clock.instant()), DispatchRoute.SHARED);
        }
        for (CommandDocument doc : repository.receivedBefore(now.minus(config.firmwareExecutionTimeout()), FIRMWARE, true, BATCH)) {
            lifecycle.decide(doc, new ExecutionTimeout(clock.instant()), DispatchRoute.SHARED);
        }
    }
}
