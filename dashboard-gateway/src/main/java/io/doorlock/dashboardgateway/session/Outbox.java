package io.doorlock.dashboardgateway.session;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames waiting for one dashboard: bounded, sent one at a time, so that a slow dashboard only ever slows itself.
 * When it is full, the oldest status frame (a newer status of the same kind will follow) is dropped to make room;
 * when nothing can be dropped, or one send has been stuck for too long, {@link #offer} says so and the caller closes
 * the connection.
 */
final class Outbox<F> {

    /** What {@link #offer} did. */
    enum Result { QUEUED, QUEUED_AFTER_DROP, STUCK }

    private record Pending<F>(F frame, String key) {}

    private final Function<F, Uni<Void>> sender;
    private final int capacity;
    private final long stuckAfterNanos;
    private final LongSupplier clock;
    private final Deque<Pending<F>> queue = new ArrayDeque<>();
    private boolean sending;
    private long sendingSince;
    private long dropped;

    Outbox(Function<F, Uni<Void>> sender, int capacity, Duration stuckAfter, LongSupplier nanoClock) {
        this.sender = sender;
        this.capacity = capacity;
        this.stuckAfterNanos = stuckAfter.toNanos();
        this.clock = nanoClock;
    }

    /**
     * Queues a frame. {@code key}: for a status frame that may be dropped for room, what it is the status of (e.g.
     * {@code command:<commandId>}); it is dropped only when a newer frame with the same key is queued behind
     * it, so the last word on anything (an {@code executed}, a {@code device_disconnected}) is never lost. Empty for
     * frames that must never be dropped (a visitor at the door).
     */
    Result offer(F frame, Optional<String> key) {
        Result result = Result.QUEUED;
        synchronized (this) {
            if (sending && clock.getAsLong() - sendingSince > stuckAfterNanos) {
                return Result.STUCK;
            }
            if (queue.size() >= capacity) {
                if (!dropSuperseded()) {
                    return Result.STUCK;
                }
                result = Result.QUEUED_AFTER_DROP;
            }
            queue.addLast(new Pending<>(frame, key.orElse(null)));
            if (sending) {
                return result;
            }
            sending = true;
        }
        drain();
        return result;
    }

    synchronized long dropped() {
        return dropped;
    }

    synchronized int size() {
        return queue.size();
    }

    /** Drops the oldest status frame that a newer frame of the same key supersedes. */
    private boolean dropSuperseded() {
        List<Pending<F>> frames = new ArrayList<>(queue);
        for (int i = 0; i < frames.size(); i++) {
            String key = frames.get(i).key();
            if (key == null) {
                continue;
            }
            for (int j = i + 1; j < frames.size(); j++) {
                if (key.equals(frames.get(j).key())) {
                    queue.remove(frames.get(i));
                    dropped++;
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Sends queued frames one at a time. A loop, not a recursion: a write that completes at once (a writable socket on
     * the event loop) must not nest one stack level per frame. Only the thread that set {@code sending} runs it; a
     * completion that arrives while it is still inside {@code subscribe} just marks the frame done and the loop goes on.
     */
    private void drain() {
        while (true) {
            Pending<F> next;
            synchronized (this) {
                next = queue.pollFirst();
                if (next == null) {
                    sending = false;
                    return;
                }
                sendingSince = clock.getAsLong();
            }
            AtomicBoolean inline = new AtomicBoolean(true);
            AtomicBoolean doneInline = new AtomicBoolean(false);
            sender.apply(next.frame()).subscribe().with(v -> {
                boolean continueHere;
                synchronized (this) {
                    continueHere = !inline.get();
                    doneInline.set(!continueHere);
                }
                if (continueHere) {
                    drain();
                }
            }, e -> failed());
            synchronized (this) {
                inline.set(false);
                if (!doneInline.get()) {
                    return; // the completion will continue the drain from its own thread
                }
            }
        }
    }

    private synchronized void failed() {
        // The connection is gone or broken: nothing queued can be delivered any more.
        queue.clear();
        sending = false;
    }
}
