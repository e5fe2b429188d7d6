package io.doorlock.dashboardgateway.auth;

import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import io.doorlock.dashboardgateway.AuthConfig;

/**
 * Sliding-window limit on failed logins, per client address and per account. The account is the user the typed
 * username or e-mail resolves to, so that every way of naming one user shares one count (after a 429 for the username,
 * the e-mail gets no fresh guesses); a name that resolves to nobody is counted by the name typed (trimmed,
 * lower-cased). Per replica: behind N replicas an attacker gets at most N times the limit, which bcrypt's cost still
 * makes slow.
 */
@ApplicationScoped
public class LoginRateLimiter {

    private final SlidingWindowLimit failures;
    private final AuthConfig.LoginLimits limits;

    @Inject
    public LoginRateLimiter(AuthConfig config) {
        this(config.loginLimits(), Clock.systemUTC());
    }

    LoginRateLimiter(AuthConfig.LoginLimits limits, Clock clock) {
        this.failures = new SlidingWindowLimit(limits.window(), clock);
        this.limits = limits;
    }

    /** How long the caller must wait before trying again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String address, String login, Optional<String> userId) {
        return SlidingWindowLimit.longer(failures.retryAfter(addressKey(address), limits.perAddress()),
                failures.retryAfter(accountKey(login, userId), limits.perUsername()));
    }

    /**
     * Counts an attempt before its password is checked, so parallel attempts cannot all slip past the limit while
     * bcrypt runs; {@link #succeeded} takes it back.
     */
    public void attempt(String address, String login, Optional<String> userId) {
        failures.record(addressKey(address));
        failures.record(accountKey(login, userId));
    }

    /** The attempt was right: it does not count against the caller. */
    public void succeeded(String address, String login, Optional<String> userId) {
        failures.forgetLast(addressKey(address));
        failures.forgetLast(accountKey(login, userId));
    }

    /** Same as {@link #attempt}: a failed attempt counted after the fact (tests, other callers). */
    public void failed(String address, String login, Optional<String> userId) {
        attempt(address, login, userId);
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }

    /** The resolved user, else the name as typed: trimmed, lower-cased ("Alice", " alice" and "alice " are one name). */
    private static String accountKey(String login, Optional<String> userId) {
        return userId.map(id -> "user-id:" + id).orElseGet(() -> "name:" + login.trim().toLowerCase(Locale.ROOT));
    }
}
