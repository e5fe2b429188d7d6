package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every timer of the command state machine, as queries rather than process-local promises: each replica runs
 * {@link #sweep()} every {@code sweep-interval}, and the conditional updates let exactly one of them act on each
 * command. So a restarted or surviving replica picks up every overdue deadline, whoever created the command.
 *
 * <ul>
 *   <li>{@code queued} past {@code expiresAt} + grace → {@code expired};</li>
 *   <li>{@code queued} dispatched {@code ack-timeout} ago without a receipt, device not known offline → dispatched
 *       again (the dispatch found no taker or was lost);</li>
 *   <li>{@code sent} without {@code received} for {@code ack-timeout} → sent again with the same id while attempts
 *       and deadline allow and the device is not known offline, otherwise, once attempts or deadline are used up,
 *       {@code timed_out};</li>
 *   <li>{@code received} without a final ack for the execution timeout → {@code timed_out}.</li>
 * </ul>
 */
@ApplicationScoped
public class CommandTimers {

    private static final Logger LOG = Logger.getLogger(CommandTimers.class);
    private static final int BATCH = 500;

    private final CommandRepository repository;
    private final CommandLifecycle lifecycle;
    private final DeviceLinks links;
    private final CommandConfig config;
    private ScheduledExecutorService timer;

    public CommandTimers(CommandRepository repository, CommandLifecycle lifecycle, DeviceLinks links, CommandConfig config) {
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.links = links;
        this.config = config;
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
        Instant now = lifecycle.clock().instant();
        expireQueued(now);
        retryQueued(now);
        resendOrTimeOutSent(now);
        timeOutExecution(now);
    }

    void expireQueued(Instant now) {
        for (CommandDocument doc : repository.due(CommandState.QUEUED, "expiresAt", now.minus(config.expiryGrace()), BATCH)) {
            lifecycle.timedTransition(doc, CommandState.QUEUED, CommandState.EXPIRED, "not delivered before its deadline");
        }
    }

    void retryQueued(Instant now) {
        for (CommandDocument doc : repository.due(CommandState.QUEUED, "lastDispatchAt", now.minus(config.ackTimeout()), BATCH)) {
            if (!links.knownOffline(doc.deviceId)) {
                lifecycle.dispatchNext(doc, EnumSet.of(CommandState.QUEUED));
            }
        }
    }

    void resendOrTimeOutSent(Instant now) {
        for (CommandDocument doc : repository.due(CommandState.SENT, "lastDispatchAt", now.minus(config.ackTimeout()), BATCH)) {
            boolean deadlinePassed = !now.isBefore(doc.expiresAt);
            boolean attemptsUsed = doc.attempts >= config.maxAttempts();
            if (deadlinePassed || attemptsUsed) {
                lifecycle.timedTransition(doc, CommandState.SENT, CommandState.TIMED_OUT,
                        deadlinePassed ? "no ack before the deadline" : "no ack after " + doc.attempts + " attempts");
            } else if (!links.knownOffline(doc.deviceId)) {
                lifecycle.dispatchNext(doc, EnumSet.of(CommandState.SENT));
            }
        }
    }

    void timeOutExecution(Instant now) {
        Duration shortest = config.executionTimeout().compareTo(config.firmwareExecutionTimeout()) < 0
                ? config.executionTimeout() : config.firmwareExecutionTimeout();
        for (CommandDocument doc : repository.due(CommandState.RECEIVED, "receivedAt", now.minus(shortest), BATCH)) {
            Duration limit = CommandType.FIRMWARE_UPDATE.wireName().equals(doc.command) ? config.firmwareExecutionTimeout() : config.executionTimeout();
            if (doc.receivedAt != null && !doc.receivedAt.plus(limit).isAfter(now)) {
                lifecycle.timedTransition(doc, CommandState.RECEIVED, CommandState.TIMED_OUT, "no final ack within " + limit.toSeconds() + " s");
            }
        }
    }
}
