package io.doorlock.gatewaybase.connection;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} tokens, refilled at {@code perSecond}; each frame takes one. Thread-safe.
 * Frames of one connection arrive in order, so contention is rare.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perNano;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public TokenBucket(int capacity, double perSecond, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.perNano = perSecond / 1_000_000_000d;
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryTake() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
