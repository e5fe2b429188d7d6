package io.doorlock.dashboardgateway.session;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The frames waiting for one dashboard: bounded, sent one at a time, so that a slow dashboard only ever slows itself.
 * When it is full, the oldest status frame (a newer status of the same kind will follow) is dropped to make room;
 * when nothing can be dropped, or one send has been stuck for too long, {@link #offer} says so and the caller closes
 * the connection.
 */
final class Outbox {

    /** What {@link #offer} did. */
    enum Result { QUEUED, QUEUED_AFTER_DROP, STUCK }

    private record Pending(String frame, boolean droppable) {}

    private final Function<String, Uni<Void>> sender;
    private final int capacity;
    private final long stuckAfterNanos;
    private final LongSupplier clock;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private boolean sending;
    private long sendingSince;
    private long dropped;

    Outbox(Function<String, Uni<Void>> sender, int capacity, Duration stuckAfter, LongSupplier nanoClock) {
        this.sender = sender;
        this.capacity = capacity;
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.clock = nanoClock;
    }

    /**
     * Queues a frame. {@code droppable}: a status frame that may be dropped for room (device and command status),
     * as opposed to an event a user must see (a visitor at the door).
     */
    synchronized Result offer(String frame, boolean droppable) {
        if (sending && clock.getAsLong() - sendingSince > stuckAfterNanos) {
            return Result.STUCK;
        }
        Result result = Result.QUEUED;
        if (queue.size() >= capacity) {
            if (!dropOldestStatus()) {
                return Result.STUCK;
            }
            result = Result.QUEUED_AFTER_DROP;
        }
        queue.addLast(new Pending(frame, droppable));
        if (!sending) {
            sendNext();
        }
        return result;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized int size() {
        return queue.size();
    }

    private boolean dropOldestStatus() {
        for (Iterator<Pending> it = queue.iterator(); it.hasNext();) {
            if (it.next().droppable()) {
                it.remove();
                dropped++;
                return true;
            }
        }
        return false;
    }

    private void sendNext() {
        Pending next = queue.pollFirst();
        if (next == null) {
            sending = false;
            return;
        }
        sending = true;
        sendingSince = clock.getAsLong();
        sender.apply(next.frame()).subscribe().with(v -> sent(), e -> failed());
    }

    private synchronized void sent() {
        sendNext();
    }

    private synchronized void failed() {
        // The connection is gone or broken: nothing queued can be delivered any more.
        queue.clear();
        sending = false;
    }
}
