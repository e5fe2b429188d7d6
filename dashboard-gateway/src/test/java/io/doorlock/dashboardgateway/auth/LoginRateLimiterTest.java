package io.doorlock.dashboardgateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import io.doorlock.dashboardgateway.AuthConfig;

class LoginRateLimiterTest {

    static final Optional<String> NOBODY = Optional.empty();

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static AuthConfig.LoginLimits limits(int perAddress, int perUsername) {
        return new AuthConfig.LoginLimits() {
            public Duration window() {
                return Duration.ofMinutes(1);
            }

            public int perAddress() {
                return perAddress;
            }

            public int perUsername() {
                return perUsername;
            }
        };
    }

    @Test
    void aUsernameIsLimitedAndFreedWhenTheWindowPasses() {
        MovableClock clock = new MovableClock();
        LoginRateLimiter limiter = new LoginRateLimiter(limits(100, 3), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfter("1.1.1.1", "Alice", NOBODY)).isEmpty();
            limiter.failed("1.1.1." + i, "alice", NOBODY);
        }
        assertThat(limiter.retryAfter("9.9.9.9", "ALICE", NOBODY)).contains(Duration.ofMinutes(1));
        assertThat(limiter.retryAfter("9.9.9.9", "  alice ", NOBODY)).as("spaces do not make a new user").isPresent();
        assertThat(limiter.retryAfter("9.9.9.9", "bob", NOBODY)).isEmpty();
        clock.now = clock.now.plusSeconds(61);
        assertThat(limiter.retryAfter("9.9.9.9", "alice", NOBODY)).isEmpty();
    }

    @Test
    void aSuccessfulAttemptDoesNotCount() {
        MovableClock clock = new MovableClock();
        LoginRateLimiter limiter = new LoginRateLimiter(limits(100, 2), clock);
        for (int i = 0; i < 5; i++) {
            limiter.attempt("1.1.1.1", "bob", NOBODY);
            limiter.succeeded("1.1.1.1", "bob", NOBODY);
        }
        assertThat(limiter.retryAfter("1.1.1.1", "bob", NOBODY)).isEmpty();
    }

    @Test
    void anAddressIsLimitedAcrossUsernames() {
        MovableClock clock = new MovableClock();
        LoginRateLimiter limiter = new LoginRateLimiter(limits(2, 100), clock);
        limiter.failed("6.6.6.6", "a", NOBODY);
        clock.now = clock.now.plusSeconds(20);
        limiter.failed("6.6.6.6", "b", NOBODY);
        assertThat(limiter.retryAfter("6.6.6.6", "c", NOBODY)).contains(Duration.ofSeconds(40));
        assertThat(limiter.retryAfter("7.7.7.7", "c", NOBODY)).isEmpty();
    }

    @Test
    void everyNameOfOneAccountSharesItsCount() {
        MovableClock clock = new MovableClock();
        LoginRateLimiter limiter = new LoginRateLimiter(limits(100, 3), clock);
        Optional<String> alice = Optional.of("user-alice");
        limiter.failed("1.1.1.1", "alice", alice);
        limiter.failed("1.1.1.2", "ALICE", alice);
        limiter.failed("1.1.1.3", "alice@example.com", alice);
        assertThat(limiter.retryAfter("9.9.9.9", "alice@example.com", alice)).contains(Duration.ofMinutes(1));
        assertThat(limiter.retryAfter("9.9.9.9", "alice", alice)).contains(Duration.ofMinutes(1));
        assertThat(limiter.retryAfter("9.9.9.9", "bob", Optional.of("user-bob"))).isEmpty();
        assertThat(limiter.retryAfter("9.9.9.9", "alice", NOBODY)).as("a name that resolves to nobody counts by itself").isEmpty();
    }
}
