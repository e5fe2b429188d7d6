package io.doorlock.bench.compare;

import java.time.Duration;
import java.time.Instant;

/**
 * When each send of one open-loop step is due: send {@code n} (from 0) at {@code start + n / rate}, whatever came
 * back before it, for {@code length}.
 *
 * @param ratePerSecond sends per second (more than 0)
 * @param start when send 0 is due
 * @param length how long the step lasts
 */
record OpenLoopSchedule(double ratePerSecond, Instant start, Duration length) {

    OpenLoopSchedule {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be more than 0: " + ratePerSecond);
        }
    }

    /** How many sends the step holds: every one due before {@code start + length}. */
    long count() {
        return (long) Math.ceil(length.toNanos() * ratePerSecond / 1e9 - 1e-9);
    }

    /** When send {@code n} is due. */
    Instant due(long n) {
        return start.plusNanos(Math.round(n * 1e9 / ratePerSecond));
    }

    /** How many sends are due at {@code now} (at most {@link #count()}). */
    long dueBy(Instant now) {
        if (now.isBefore(start)) {
            return 0;
        }
        long due = (long) Math.floor(Duration.between(start, now).toNanos() * ratePerSecond / 1e9) + 1;
        return Math.min(due, count());
    }
}
