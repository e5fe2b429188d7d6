package io.doorlock.dashboardgateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Sliding-window limit on failed logins, per client address and per username. Per replica: behind N replicas an
 * attacker gets at most N times the limit, which bcrypt's cost still makes slow.
 */
@ApplicationScoped
public class LoginRateLimiter {

    private static final int SWEEP_EVERY = 1024;

    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong records = new java.util.concurrent.atomic.AtomicLong();
    private final AuthConfig.LoginLimits limits;
    private final Clock clock;

    @jakarta.inject.Inject
    public LoginRateLimiter(AuthConfig config) {
        this(config.loginLimits(), Clock.systemUTC());
    }

    LoginRateLimiter(AuthConfig.LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String address, String username) {
        Instant now = clock.instant();
        Optional<Duration> byAddress = wait("addr:" + address, limits.perAddress(), now);
        Optional<Duration> byUser = wait(userKey(username), limits.perUsername(), now);
        return byAddress.isPresent() && byUser.isPresent()
                ? Optional.of(byAddress.get().compareTo(byUser.get()) > 0 ? byAddress.get() : byUser.get())
                : byAddress.or(() -> byUser);
    }

    /**
     * Counts an attempt before its password is checked, so parallel attempts cannot all slip past the limit while
     * bcrypt runs; {@link #succeeded} takes it back.
     */
    public void attempt(String address, String username) {
        Instant now = clock.instant();
        record("addr:" + address, now);
        record(userKey(username), now);
    }

    /** The attempt was right: it does not count against the caller. */
    public void succeeded(String address, String username) {
        forgetLast("addr:" + address);
        forgetLast(userKey(username));
    }

    /** Same as {@link #attempt}: a failed attempt counted after the fact (tests, other callers). */
    public void failed(String address, String username) {
        attempt(address, username);
    }

    /** One key for every spelling of a login: trimmed, lower-cased ("Alice", " alice" and "alice " are one user). */
    private static String userKey(String username) {
        return "user:" + username.trim().toLowerCase(Locale.ROOT);
    }

    private void forgetLast(String key) {
        Deque<Instant> times = failures.get(key);
        if (times != null) {
            synchronized (times) {
                times.pollLast();
            }
        }
    }

    private Optional<Duration> wait(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            return Optional.of(Duration.between(now, times.peekFirst().plus(limits.window())));
        }
    }

    private void record(String key, Instant now) {
        if (records.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(now);
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
        }
    }

    /** Forgets keys whose failures are all outside the window, so the map stays bounded by recent failures. */
    private void sweep(Instant now) {
        failures.forEach((key, times) -> {
            synchronized (times) {
                prune(times, now);
                if (times.isEmpty()) {
                    failures.remove(key, times);
                }
            }
        });
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant oldest = now.minus(limits.window());
        while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
            times.pollFirst();
        }
    }
}
