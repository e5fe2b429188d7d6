package io.doorlock.auditservice.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Writes bus events to the store in batches and acknowledges each one only after it is stored.
 *
 * <p>Batching is "natural": the writer takes everything that arrived while the previous batch was written (up to
 * {@code batchSize}), so an idle trail writes one event at once and a busy one writes hundreds per round trip, with no
 * timer adding latency. A batch that fails is written again, with backoff, until it is stored; nothing behind it is
 * acknowledged meanwhile, so the broker keeps (and after a crash re-sends) everything not yet stored. Acknowledgements
 * run in arrival order, as MQTT requires of PUBACKs.
 */
public final class AuditBatchWriter {

    private static final Logger LOG = Logger.getLogger(AuditBatchWriter.class);

    /** One message from the bus: the event to store (empty when it is not an audit event) and how to acknowledge it. */
    public record Received(Optional<DeviceEventDocument> event, Runnable ack, Instant receivedAt) {}

    /** Where batches go. */
    public interface Sink {
        /** Stores the events; a redelivered event (same id) is not stored twice. Throws when the write failed. */
        StoreResult storeAll(List<DeviceEventDocument> events);
    }

    /** What one batch did. */
    public record StoreResult(int stored, int duplicates) {}

    /** What the writer reports, for metrics. */
    public interface Listener {
        void batchWritten(int size, Duration took, StoreResult result, int skipped);

        void batchFailed(int size, RuntimeException error);
    }

    private final LinkedBlockingQueue<Received> queue = new LinkedBlockingQueue<>();
    private final Sink sink;
    private final Listener listener;
    private final Clock clock;
    private final int batchSize;
    private final Duration retryBackoff;
    private final Duration retryMaxBackoff;
    private volatile boolean running = true;
    private volatile Instant oldestPending;
    /** The batch being written (and retried while the store fails): taken from the queue, not yet acknowledged. */
    private volatile int inFlight;

    public AuditBatchWriter(Sink sink, Listener listener, Clock clock, int batchSize, Duration retryBackoff, Duration retryMaxBackoff) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.sink = sink;
        this.listener = listener;
        this.clock = clock;
        this.batchSize = batchSize;
        this.retryBackoff = retryBackoff;
        this.retryMaxBackoff = retryMaxBackoff;
    }

    /** Never blocks: the caller is the MQTT client's event loop. */
    public void accept(Received received) {
        queue.add(received);
    }

    /** Events received and not yet stored (and so not yet acknowledged): the batch being written and those queued. */
    public int pending() {
        return inFlight + queue.size();
    }

    /** Seconds since the oldest event not yet stored arrived; 0 when everything is stored. */
    public double oldestPendingSeconds() {
        Instant oldest = oldestPending;
        Received head = queue.peek();
        if (oldest == null && head != null) {
            oldest = head.receivedAt();
        }
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /** The writer loop; returns when {@link #stop()} is called and the queue is empty, or when interrupted. */
    public void run() {
        List<Received> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Received first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                oldestPending = first.receivedAt();
                inFlight = batch.size();
                writeUntilStored(batch);
                batch.forEach(AuditBatchWriter::ack);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                inFlight = 0;
                oldestPending = null;
                batch.clear();
            }
        }
    }

    /** Lets the loop finish what is queued and return. */
    public void stop() {
        running = false;
    }

    private void writeUntilStored(List<Received> batch) throws InterruptedException {
        List<DeviceEventDocument> events = new ArrayList<>(batch.size());
        for (Received r : batch) {
            r.event().ifPresent(events::add);
        }
        int skipped = batch.size() - events.size();
        if (events.isEmpty()) {
            listener.batchWritten(0, Duration.ZERO, new StoreResult(0, 0), skipped);
            return;
        }
        Duration backoff = retryBackoff;
        while (true) {
            Instant start = clock.instant();
            try {
                StoreResult result = sink.storeAll(events);
                listener.batchWritten(events.size(), Duration.between(start, clock.instant()), result, skipped);
                return;
            } catch (RuntimeException e) {
                listener.batchFailed(events.size(), e);
                LOG.warnf("writing %d audit events failed, trying again in %d ms: %s", events.size(), backoff.toMillis(), e.getMessage());
                if (!running && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped while the store was failing");
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(retryMaxBackoff) > 0 ? retryMaxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    private static void ack(Received received) {
        try {
            received.ack().run();
        } catch (RuntimeException e) {
            // The session this message came on is gone; the broker re-sends it and the store ignores the copy.
            LOG.debugf("acknowledging an audit event failed: %s", e.getMessage());
        }
    }
}
