package io.doorlock.bench.compare;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * What happened to each command of one rate step, keyed by the benchmark's own id for the send (doorlock: the
 * {@code commandId} the dashboard chose; the seed: a marker in the payload, since it picks its own ids): when it was
 * sent, answered (queued or refused with a code), reached the device, and was seen executed by a dashboard. Each
 * moment is kept once (the first); events for keys it never sent are ignored.
 */
final class CommandLedger {

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> keyOfServerId = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> sendOrder = new ConcurrentLinkedQueue<>();

    CommandLedger(Clock clock) {
        this.clock = clock;
    }

    private static final class Entry {
        final Instant sent;
        volatile Instant answered;
        volatile String outcome;
        volatile Instant reachedDevice;
        volatile Instant executed;

        Entry(Instant sent) {
            this.sent = sent;
        }
    }

    void sent(String key) {
        entries.put(key, new Entry(clock.instant()));
        sendOrder.add(key);
    }

    /** The send's direct answer: {@code queued}, or the refusal's code. */
    void answered(String key, String outcome) {
        Entry entry = entries.get(key);
        if (entry != null && entry.answered == null) {
            entry.outcome = outcome;
            entry.answered = clock.instant();
        }
    }

    void reachedDevice(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.reachedDevice == null) {
            entry.reachedDevice = clock.instant();
        }
    }

    void executed(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.executed == null) {
            entry.executed = clock.instant();
        }
    }

    /** Remembers that the server calls the send {@code key} {@code serverId} (for targets that choose their own ids). */
    void serverId(String serverId, String key) {
        keyOfServerId.put(serverId, key);
    }

    /** The benchmark's key for a server-chosen command id, if the device has seen that command. */
    Optional<String> keyOf(String serverId) {
        return Optional.ofNullable(keyOfServerId.get(serverId));
    }

    /** Sends so far. */
    int sent() {
        return entries.size();
    }

    /** True once every send has its answer, reached the device and was seen executed (or was refused). */
    boolean settled() {
        return entries.values().stream().allMatch(e -> e.answered != null && (!"queued".equals(e.outcome) || e.executed != null));
    }

    /** The figures of this step; {@code length} is the step's scheduled length. */
    StepFigures figures(double rate, Duration length) {
        List<Entry> all = List.copyOf(entries.values());
        Map<String, Long> refused = all.stream().filter(e -> e.answered != null && !"queued".equals(e.outcome))
                .collect(Collectors.groupingBy(e -> e.outcome, TreeMap::new, Collectors.counting()));
        long queued = all.stream().filter(e -> "queued".equals(e.outcome)).count();
        long unanswered = all.stream().filter(e -> e.answered == null).count();
        List<Duration> toDevice = all.stream().filter(e -> e.reachedDevice != null).map(e -> Duration.between(e.sent, e.reachedDevice)).toList();
        List<Duration> toExecuted = all.stream().filter(e -> e.executed != null).map(e -> Duration.between(e.sent, e.executed)).toList();
        Instant first = all.stream().map(e -> e.sent).min(Instant::compareTo).orElse(Instant.EPOCH);
        Instant lastReached = all.stream().map(e -> e.reachedDevice).filter(i -> i != null).max(Instant::compareTo).orElse(first);
        Duration span = Duration.between(first, lastReached);
        double sustained = toDevice.isEmpty() ? 0 : toDevice.size() / Math.max(span.toNanos() / 1e9, length.toNanos() / 1e9);
        return new StepFigures(rate, length, all.size(), queued, refused, unanswered, toDevice.size(), toExecuted.size(),
                Percentiles.of(toDevice), Percentiles.of(toExecuted), sustained);
    }
}
