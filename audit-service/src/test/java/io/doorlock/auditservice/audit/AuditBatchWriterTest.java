package io.doorlock.auditservice.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditBatchWriterTest {

    private final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failures = new AtomicInteger();
    private Thread thread;
    private AuditBatchWriter writer;

    private final AuditBatchWriter.Listener listener = new AuditBatchWriter.Listener() {
        @Override
        public void batchWritten(int size, Duration took, AuditBatchWriter.StoreResult result, int skipped) {
            batchSizes.add(size);
        }

        @Override
        public void batchFailed(int size, RuntimeException error) {
            failures.incrementAndGet();
        }
    };

    @AfterEach
    void stop() throws InterruptedException {
        writer.stop();
        thread.join(2000);
    }

    private void start(AuditBatchWriter.Sink sink, int batchSize) {
        writer = new AuditBatchWriter(sink, listener, Clock.systemUTC(), batchSize, Duration.ofMillis(10), Duration.ofMillis(40));
        thread = new Thread(writer::run);
        thread.start();
    }

    private AuditBatchWriter.Received event(String id) {
        DeviceEventDocument doc = new DeviceEventDocument();
        doc.id = id;
        return new AuditBatchWriter.Received(Optional.of(doc), () -> acked.add(id), Instant.now());
    }

    @Test
    void aFailingStoreIsRetriedAndNothingIsAcknowledgedUntilItSucceeds() throws Exception {
        CountDownLatch storeIsBack = new CountDownLatch(1);
        List<String> stored = Collections.synchronizedList(new ArrayList<>());
        start(events -> {
            if (storeIsBack.getCount() > 0) {
                throw new IllegalStateException("database down");
            }
            events.forEach(e -> stored.add(e.id));
            return new AuditBatchWriter.StoreResult(events.size(), 0);
        }, 100);

        writer.accept(event("a"));
        writer.accept(event("b"));
        await().atMost(Duration.ofSeconds(5)).until(() -> failures.get() >= 3);
        assertThat(acked).isEmpty();
        assertThat(writer.oldestPendingSeconds()).isGreaterThan(0);
        assertThat(writer.pending()).as("the batch being retried is pending too").isEqualTo(2);

        storeIsBack.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> acked.size() == 2);
        await().atMost(Duration.ofSeconds(1)).until(() -> writer.pending() == 0);
        assertThat(stored).containsExactly("a", "b");
        assertThat(acked).containsExactly("a", "b");
        await().atMost(Duration.ofSeconds(1)).until(() -> writer.oldestPendingSeconds() == 0);
    }

    @Test
    void whatArrivesDuringAWriteGoesIntoTheNextBatchAndAcksKeepArrivalOrder() throws Exception {
        CountDownLatch firstWriteStarted = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        start(events -> {
            firstWriteStarted.countDown();
            try {
                releaseFirstWrite.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new AuditBatchWriter.StoreResult(events.size(), 0);
        }, 50);

        writer.accept(event("first"));
        assertThat(firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 120; i++) {
            writer.accept(event("e" + i));
            expected.add("e" + i);
        }
        writer.accept(new AuditBatchWriter.Received(Optional.empty(), () -> acked.add("not-an-event"), Instant.now()));
        expected.add("not-an-event");
        releaseFirstWrite.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> acked.size() == expected.size());
        assertThat(acked).containsExactlyElementsOf(expected);
        assertThat(batchSizes).startsWith(1, 50, 50).contains(20);
    }

    @Test
    void stopWritesWhatIsQueuedBeforeReturning() throws Exception {
        start(events -> new AuditBatchWriter.StoreResult(events.size(), 0), 10);
        for (int i = 0; i < 35; i++) {
            writer.accept(event("s" + i));
        }
        writer.stop();
        thread.join(5000);
        assertThat(thread.isAlive()).isFalse();
        assertThat(acked).hasSize(35);
    }
}
