package io.doorlock.commandservice.command;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** command-service's counters and the command latency histogram (docs/architecture.md, "Health probes and metrics"). */
@ApplicationScoped
public class CommandMetrics {

    private final MeterRegistry registry;

    public CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code doorlock_commands_created_total{command}}. */
    void created(CommandDocument doc) {
        registry.counter("doorlock_commands_created_total", "command", doc.command).increment();
    }

    /** {@code doorlock_commands_completed_total{command, status}}: a command reached a final state. */
    void completed(CommandDocument doc) {
        registry.counter("doorlock_commands_completed_total", "command", doc.command, "status", doc.status).increment();
    }

    /** {@code doorlock_commands_redispatched_total{status}}: a dispatch after the first. */
    void redispatched(CommandDocument doc) {
        registry.counter("doorlock_commands_redispatched_total", "status", doc.status).increment();
    }

    /** {@code doorlock_command_steps_ignored_total{step, reason}}: a step from the bus that changed no state. */
    void ignored(String step, String reason) {
        registry.counter("doorlock_command_steps_ignored_total", "step", step, "reason", reason).increment();
    }

    /** {@code doorlock_commands_duplicate_requests_total{kind}}: {@code same} (a retry) or {@code conflicting}. */
    void duplicateRequest(String kind) {
        registry.counter("doorlock_commands_duplicate_requests_total", "kind", kind).increment();
    }

    /** {@code doorlock_commands_rejected_total{reason}}: a request that never became a command. */
    void rejected(String reason) {
        registry.counter("doorlock_commands_rejected_total", "reason", reason).increment();
    }

    /**
     * The user's request to the device's final ack at {@code at}, per command type and final state:
     * {@code doorlock_command_latency_seconds}, a histogram (so p99 can be computed across replicas in Prometheus).
     */
    void latency(CommandDocument doc, Instant at) {
        Instant from = doc.requestedAt != null ? doc.requestedAt : doc.createdAt;
        if (from == null) {
            return;
        }
        Timer.builder("doorlock_command_latency")
                .description("From the user's request to the device's final ack")
                .tags("command", doc.command, "status", doc.status)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.between(from, at));
    }
}
