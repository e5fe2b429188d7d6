package io.doorlock.dashboardgateway.auth;

import io.doorlock.gatewaybase.limit.SlidingWindowLimit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import io.doorlock.dashboardgateway.AuthConfig;

/**
 * Sliding-window limit on account creation per client address ({@code doorlock.auth.registration-limits.*}). Every
 * registration that gets as far as hashing its password counts, created or not. Per replica.
 */
@ApplicationScoped
public class RegistrationRateLimiter {

    private final SlidingWindowLimit registrations;
    private final int perAddress;

    @Inject
    public RegistrationRateLimiter(AuthConfig config) {
        this(config.registrationLimits(), Clock.systemUTC());
    }

    RegistrationRateLimiter(AuthConfig.RegistrationLimits limits, Clock clock) {
        this.registrations = new SlidingWindowLimit(limits.window(), clock);
        this.perAddress = limits.perAddress();
    }

    /** Counts a registration from {@code address} if it is under the limit; otherwise how long to wait (nothing counted). */
    public Optional<Duration> admit(String address) {
        return registrations.tryAcquire(address, perAddress);
    }
}
