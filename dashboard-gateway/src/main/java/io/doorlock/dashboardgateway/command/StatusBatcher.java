package io.doorlock.dashboardgateway.command;

import io.doorlock.common.bus.CommandStatusChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Groups {@code command_status} events into batches for one write each, without a timer: a status that arrives while
 * nothing is being written is written at once, alone; those that arrive during a write wait for it to end and then go
 * together, at most {@code batchSize} at a time. So no status waits longer than the write before it, and under load
 * the writes grow instead of queueing up one by one. At most {@code capacity} statuses wait; {@link #offer} blocks
 * its caller (the bus consumer) while that many do.
 */
final class StatusBatcher {

    private final int batchSize;
    private final BlockingQueue<CommandStatusChanged> waiting;
    private final Executor executor;
    private final Consumer<List<CommandStatusChanged>> writer;
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * @param executor runs the writes, one drain at a time
     * @param writer writes one batch; what it throws is its own to report (the batch is not written again)
     */
    StatusBatcher(int batchSize, int capacity, Executor executor, Consumer<List<CommandStatusChanged>> writer) {
        this.batchSize = Math.max(1, batchSize);
        this.waiting = new LinkedBlockingQueue<>(Math.max(this.batchSize, capacity));
        this.executor = executor;
        this.writer = writer;
    }

    /** Queues a status for the next batch, waiting while the queue is full. */
    void offer(CommandStatusChanged status) throws InterruptedException {
        waiting.put(status);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Statuses not written yet. */
    int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (true) {
            List<CommandStatusChanged> batch = new ArrayList<>(Math.min(batchSize, waiting.size()));
            waiting.drainTo(batch, batchSize);
            if (batch.isEmpty()) {
                draining.set(false);
                // A status queued after drainTo but before the flag was cleared found it set and left it to us.
                if (waiting.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                writer.accept(batch);
            } catch (RuntimeException e) {
                // The writer reports its own failures; the drain goes on with the next batch.
            }
        }
    }
}
