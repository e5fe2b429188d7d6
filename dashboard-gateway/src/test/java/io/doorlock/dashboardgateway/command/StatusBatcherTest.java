package io.doorlock.dashboardgateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** How statuses are grouped into writes: at once when idle, together (bounded) when they arrive during a write. */
class StatusBatcherTest {

    /** Runs the writer only when the test says so, as if the writer thread were busy until then. */
    static final class HeldExecutor implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    static CommandStatusChanged status(int i) {
        return HistoryUpdateTest.status("c-" + i, CommandState.QUEUED, 1, Optional.empty(), "user-1");
    }

    @Test
    void aStatusArrivingWhileNothingIsWrittenIsWrittenAtOnceAlone() throws InterruptedException {
        List<List<CommandStatusChanged>> writes = new ArrayList<>();
        StatusBatcher batcher = new StatusBatcher(100, 1000, Runnable::run, writes::add);

        batcher.offer(status(1));
        batcher.offer(status(2));

        assertThat(writes).containsExactly(List.of(status(1)), List.of(status(2)));
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void statusesArrivingDuringAWriteGoTogetherInBatchesOfAtMostTheBatchSize() throws InterruptedException {
        List<List<CommandStatusChanged>> writes = new ArrayList<>();
        HeldExecutor writer = new HeldExecutor();
        StatusBatcher batcher = new StatusBatcher(100, 1000, writer, writes::add);

        for (int i = 0; i < 250; i++) {
            batcher.offer(status(i));
        }
        assertThat(writer.tasks).as("one drain for the whole burst").hasSize(1);
        writer.runAll();

        assertThat(writes).extracting(List::size).containsExactly(100, 100, 50);
        assertThat(writes.get(0).get(0)).isEqualTo(status(0));
        assertThat(writes.get(2).get(49)).isEqualTo(status(249));
        assertThat(batcher.waiting()).isZero();
    }

    @Test
    void aStatusQueuedAfterTheDrainEndedStartsTheNextOne() throws InterruptedException {
        List<List<CommandStatusChanged>> writes = new ArrayList<>();
        HeldExecutor writer = new HeldExecutor();
        StatusBatcher batcher = new StatusBatcher(10, 100, writer, writes::add);

        batcher.offer(status(1));
        writer.runAll();
        batcher.offer(status(2));
        writer.runAll();

        assertThat(writes).containsExactly(List.of(status(1)), List.of(status(2)));
    }

    @Test
    void aWriteThatFailsDoesNotStopTheNextBatches() throws InterruptedException {
        List<List<CommandStatusChanged>> writes = new ArrayList<>();
        HeldExecutor writer = new HeldExecutor();
        StatusBatcher batcher = new StatusBatcher(2, 100, writer, batch -> {
            writes.add(batch);
            if (writes.size() == 1) {
                throw new IllegalStateException("database away");
            }
        });

        for (int i = 0; i < 4; i++) {
            batcher.offer(status(i));
        }
        writer.runAll();
        batcher.offer(status(4));
        writer.runAll();

        assertThat(writes).extracting(List::size).containsExactly(2, 2, 1);
    }
}
