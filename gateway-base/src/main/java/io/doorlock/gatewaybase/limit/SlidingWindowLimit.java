package io.doorlock.gatewaybase.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts events per key over a sliding window and says how long a key that reached its limit must wait: the request
 * limits of both gateways (failed logins, registrations, photo uploads) share it. In memory and per replica: behind N
 * replicas a client gets at most N times a limit. Thread-safe. A key whose events have all left the window is
 * forgotten (every 1024 records all keys are swept), so memory follows recent activity, not history.
 */
public final class SlidingWindowLimit {

    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentMap<String, Deque<Instant>> events = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Duration window;
    private final Clock clock;

    public SlidingWindowLimit(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** How long {@code key} must wait until it is under {@code limit} again, or empty when it is under it now. */
    public Optional<Duration> retryAfter(String key, int limit) {
        Deque<Instant> times = events.get(key);
        if (times == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (times) {
            prune(times, now);
            return times.size() < limit ? Optional.empty() : Optional.of(waitFor(times, now));
        }
    }

    /** Counts an event of {@code key} now. */
    public void record(String key) {
        Instant now = clock.instant();
        Deque<Instant> times = deque(key, now);
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    /**
     * Counts an event of {@code key} now if it is under {@code limit}, in one step, so that parallel requests cannot
     * all pass the check before any is counted. Empty when counted; otherwise how long to wait, and nothing counted.
     */
    public Optional<Duration> tryAcquire(String key, int limit) {
        Instant now = clock.instant();
        Deque<Instant> times = deque(key, now);
        synchronized (times) {
            prune(times, now);
            if (times.size() >= limit) {
                return Optional.of(waitFor(times, now));
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    /** Takes back the latest event of {@code key}: an attempt counted in advance that turned out not to count. */
    public void forgetLast(String key) {
        Deque<Instant> times = events.get(key);
        if (times != null) {
            synchronized (times) {
                times.pollLast();
            }
        }
    }

    /** A wait as the value of a {@code Retry-After} header: whole seconds, rounded up, at least 1. */
    public static long retryAfterSeconds(Duration wait) {
        return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
    }

    /** The longer of two waits; empty when neither waits. */
    public static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }

    private Deque<Instant> deque(String key, Instant now) {
        if (records.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        return events.computeIfAbsent(key, k -> new ArrayDeque<>());
    }

    /** Until the oldest event in the window leaves it (always positive: it is inside the window). */
    private Duration waitFor(Deque<Instant> times, Instant now) {
        return Duration.between(now, times.peekFirst().plus(window));
    }

    private void sweep(Instant now) {
        events.forEach((key, times) -> {
            synchronized (times) {
                prune(times, now);
                if (times.isEmpty()) {
                    events.remove(key, times);
                }
            }
        });
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }
}
