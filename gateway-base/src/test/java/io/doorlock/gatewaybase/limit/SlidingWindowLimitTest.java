package io.doorlock.gatewaybase.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlidingWindowLimitTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aKeyWaitsUntilItsOldestEventLeavesTheWindow() {
        MovableClock clock = new MovableClock();
        SlidingWindowLimit limit = new SlidingWindowLimit(Duration.ofMinutes(1), clock);
        limit.record("a");
        clock.now = clock.now.plusSeconds(20);
        limit.record("a");
        assertThat(limit.retryAfter("a", 2)).contains(Duration.ofSeconds(40));
        assertThat(limit.retryAfter("a", 3)).isEmpty();
        assertThat(limit.retryAfter("b", 1)).as("other keys are not affected").isEmpty();
        clock.now = clock.now.plusSeconds(40);
        assertThat(limit.retryAfter("a", 2)).isEmpty();
    }

    @Test
    void tryAcquireCountsOnlyWhatItAdmits() {
        MovableClock clock = new MovableClock();
        SlidingWindowLimit limit = new SlidingWindowLimit(Duration.ofHours(1), clock);
        assertThat(limit.tryAcquire("1.2.3.4", 2)).isEmpty();
        assertThat(limit.tryAcquire("1.2.3.4", 2)).isEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(limit.tryAcquire("1.2.3.4", 2)).contains(Duration.ofHours(1));
        }
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(limit.tryAcquire("1.2.3.4", 2)).as("refusals were not counted").isEmpty();
        assertThat(limit.tryAcquire("1.2.3.4", 2)).isEmpty();
    }

    @Test
    void parallelRequestsCannotAllSlipPastTheLimit() throws InterruptedException {
        SlidingWindowLimit limit = new SlidingWindowLimit(Duration.ofHours(1), Clock.systemUTC());
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 200; i++) {
            pool.execute(() -> limit.tryAcquire("k", 10).ifPresentOrElse(w -> { }, admitted::incrementAndGet));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(admitted).hasValue(10);
    }

    @Test
    void forgetLastTakesBackACountedAttempt() {
        SlidingWindowLimit limit = new SlidingWindowLimit(Duration.ofMinutes(1), new MovableClock());
        limit.record("k");
        limit.forgetLast("k");
        assertThat(limit.retryAfter("k", 1)).isEmpty();
    }

    @Test
    void retryAfterHeadersAreWholeSecondsRoundedUp() {
        assertThat(SlidingWindowLimit.retryAfterSeconds(Duration.ofMillis(59_001))).isEqualTo(60);
        assertThat(SlidingWindowLimit.retryAfterSeconds(Duration.ofSeconds(60))).isEqualTo(60);
        assertThat(SlidingWindowLimit.retryAfterSeconds(Duration.ofMillis(10))).isEqualTo(1);
        assertThat(SlidingWindowLimit.longer(Optional.of(Duration.ofSeconds(3)), Optional.of(Duration.ofSeconds(7))))
                .contains(Duration.ofSeconds(7));
        assertThat(SlidingWindowLimit.longer(Optional.empty(), Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
        assertThat(SlidingWindowLimit.longer(Optional.empty(), Optional.empty())).isEmpty();
    }
}
