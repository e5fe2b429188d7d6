package io.doorlock.auditservice.audit;

import io.doorlock.base.bus.BusDecoder;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.doorlock.base.metrics.Gauges;
import io.micrometer.core.instrument.Tags;
import io.doorlock.auditservice.AuditConfig;

/**
 * From a bus message to a stored audit event: decode, map ({@link AuditMapper}), batch ({@link AuditBatchWriter}),
 * keep devices' reports out of other devices' commands ({@link ForeignCommandReports}) and acknowledge once stored. A message that is not an audit event (unreadable, or a type the trail does not keep)
 * is acknowledged in its turn without being stored, so that it is not re-sent forever.
 *
 * <p>Metrics: {@code doorlock_audit_events_total{result=stored|duplicate|skipped}}, {@code doorlock_audit_batch_size},
 * {@code doorlock_audit_write_seconds}, {@code doorlock_audit_write_failures_total}, {@code doorlock_audit_pending_events}
 * and {@code doorlock_audit_oldest_pending_seconds} (the audit lag).
 */
@ApplicationScoped
public class AuditPipeline implements AuditBatchWriter.Listener {

    private static final Logger LOG = Logger.getLogger(AuditPipeline.class);

    private final BusDecoder decoder;
    private final MeterRegistry metrics;
    private final AuditBatchWriter writer;
    private final DistributionSummary batchSize;
    private final Timer writeTime;
    private final Clock clock = Clock.systemUTC();
    private Thread thread;

    public AuditPipeline(BusDecoder decoder, DeviceEventStore store, ForeignCommandReports foreignReports, AuditConfig config, MeterRegistry metrics,
            Gauges gauges) {
        this.decoder = decoder;
        this.metrics = metrics;
        // A batch counts as stored once the reports in it (or about its commands) that name another device's command
        // are unlinked; if that fails, the batch is written again (its inserts are then duplicates) and checked again.
        AuditBatchWriter.Sink sink = events -> {
            AuditBatchWriter.StoreResult result = store.storeAll(events);
            foreignReports.unlink(events);
            return result;
        };
        this.writer = new AuditBatchWriter(sink, this, clock, config.batchSize(), config.retryBackoff(), config.retryMaxBackoff());
        this.batchSize = DistributionSummary.builder("doorlock_audit_batch_size").description("Events per bulk insert into the audit store")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000).register(metrics);
        this.writeTime = Timer.builder("doorlock_audit_write").description("Time of one bulk insert into the audit store")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(metrics);
        gauges.register("doorlock_audit_pending_events", Tags.empty(), writer, AuditBatchWriter::pending);
        gauges.register("doorlock_audit_oldest_pending_seconds", Tags.empty(), writer, AuditBatchWriter::oldestPendingSeconds);
    }

    void onStart(@Observes StartupEvent event) {
        thread = new Thread(writer::run, "audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the MQTT client's event loop; never blocks. {@code ack} is run once the message is stored. */
    public void received(byte[] payload, Runnable ack) {
        Optional<DeviceEventDocument> event;
        try {
            event = decoder.envelope(payload).flatMap(AuditMapper::map);
        } catch (RuntimeException e) {
            LOG.warnf("bus message could not be mapped to an audit event, skipped: %s", e.getMessage());
            event = Optional.empty();
        }
        writer.accept(new AuditBatchWriter.Received(event, ack, clock.instant()));
    }

    /** Stores and acknowledges what is queued, waiting at most {@code timeout}; used at shutdown. */
    public void drain(Duration timeout) {
        writer.stop();
        if (thread != null) {
            try {
                thread.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while the writer thread runs: what liveness reports. */
    public boolean isWriting() {
        return thread != null && thread.isAlive();
    }

    @Override
    public void batchWritten(int size, Duration took, AuditBatchWriter.StoreResult result, int skipped) {
        if (size > 0) {
            batchSize.record(size);
            writeTime.record(took);
        }
        count("stored", result.stored());
        count("duplicate", result.duplicates());
        count("skipped", skipped);
    }

    @Override
    public void batchFailed(int size, RuntimeException error) {
        metrics.counter("doorlock_audit_write_failures_total").increment();
    }

    private void count(String result, int n) {
        if (n > 0) {
            metrics.counter("doorlock_audit_events_total", "result", result).increment(n);
        }
    }
}
