package io.doorlock.bench.compare;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/**
 * Latency percentiles by nearest rank (the smallest sample with at least that share of samples at or below it).
 *
 * @param count how many samples
 * @param p50 median
 * @param p95 95th percentile
 * @param p99 99th percentile
 * @param max the largest sample
 */
record Percentiles(int count, Duration p50, Duration p95, Duration p99, Duration max) {

    /** The percentiles of {@code samples}; empty when there are none. */
    static Optional<Percentiles> of(Collection<Duration> samples) {
        if (samples.isEmpty()) {
            return Optional.empty();
        }
        long[] nanos = samples.stream().mapToLong(Duration::toNanos).toArray();
        Arrays.sort(nanos);
        return Optional.of(new Percentiles(nanos.length, rank(nanos, 50), rank(nanos, 95), rank(nanos, 99),
                Duration.ofNanos(nanos[nanos.length - 1])));
    }

    private static Duration rank(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length); // 1-based
        return Duration.ofNanos(sorted[Math.max(rank, 1) - 1]);
    }

    /** {@code p50/p95/p99/max} in milliseconds, e.g. {@code 12 / 40 / 61 / 95 ms}. */
    String millis() {
        return String.format("%s / %s / %s / %s ms", ms(p50), ms(p95), ms(p99), ms(max));
    }

    private static String ms(Duration duration) {
        double ms = duration.toNanos() / 1e6;
        return ms < 10 ? String.format("%.1f", ms) : String.format("%.0f", ms);
    }
}
