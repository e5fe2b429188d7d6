package io.doorlock.base.bus;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Runs the tasks of one key (a device) one after another, in the order they were submitted, and the tasks of
 * different keys in parallel on a shared pool: Eclipse Ditto's one actor per thing, as a plain class.
 *
 * <p>A bus channel read by one serial consumer handles one message at a time, so a command's few database writes
 * and PUBACK waits cap a whole service at a few dozen commands per second. Keyed by device, the commands of one
 * door still happen in order (lock, then unlock), while a thousand doors proceed side by side.
 *
 * <p>A key's next task is handed back to the pool rather than run in a loop, so one busy key cannot starve others.
 * A task that throws is reported to {@code onFailure} and does not stop its key.
 */
public final class KeyedSerialExecutor {

    private final Executor pool;
    private final BiConsumer<String, RuntimeException> onFailure;
    /** Keys with a task running: their waiting tasks. A key is absent when it is idle. Guarded by {@code this}. */
    private final Map<String, ArrayDeque<Runnable>> waiting = new HashMap<>();
    private final AtomicLong pending = new AtomicLong();

    public KeyedSerialExecutor(Executor pool, BiConsumer<String, RuntimeException> onFailure) {
        this.pool = pool;
        this.onFailure = onFailure;
    }

    /** Runs {@code task} after every task submitted earlier with the same key. */
    public void submit(String key, Runnable task) {
        pending.incrementAndGet();
        synchronized (this) {
            ArrayDeque<Runnable> queue = waiting.get(key);
            if (queue != null) {
                queue.add(task);
                return;
            }
            waiting.put(key, new ArrayDeque<>());
        }
        pool.execute(() -> run(key, task));
    }

    /** Tasks submitted and not yet finished. */
    public long pending() {
        return pending.get();
    }

    private void run(String key, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            onFailure.accept(key, e);
        } finally {
            pending.decrementAndGet();
        }
        Runnable next;
        synchronized (this) {
            ArrayDeque<Runnable> queue = waiting.get(key);
            next = queue.poll();
            if (next == null) {
                waiting.remove(key);
            }
        }
        if (next != null) {
            Runnable following = next;
            try {
                pool.execute(() -> run(key, following));
            } catch (RejectedExecutionException e) {
                // The pool was shut down: what waits for this key is dropped, and said so.
                int dropped;
                synchronized (this) {
                    ArrayDeque<Runnable> queue = waiting.remove(key);
                    dropped = 1 + (queue == null ? 0 : queue.size());
                }
                pending.addAndGet(-dropped);
                onFailure.accept(key, new IllegalStateException(dropped + " tasks dropped: the pool is shut down", e));
            }
        }
    }
}
