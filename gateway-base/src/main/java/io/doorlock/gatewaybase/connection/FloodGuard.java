package io.doorlock.gatewaybase.connection;

import java.util.function.LongSupplier;

/**
 * Per-connection flood protection: a {@link TokenBucket} decides each frame; a connection whose frames keep being
 * refused (too many in a row, no accepted frame between them) is to be closed.
 */
public final class FloodGuard {

    /** What to do with a frame. */
    public enum Verdict {
        /** Process it. */
        ACCEPT,
        /** Drop it and tell the client (at most once per second). */
        REFUSE_AND_WARN,
        /** Drop it silently: the client was warned a moment ago. */
        REFUSE,
        /** Drop it and close the connection: the client keeps flooding. */
        CLOSE
    }

    private final TokenBucket bucket;
    private final int closeAfter;
    private final LongSupplier nanoClock;
    private int refusedInARow;
    private boolean closeSaid;
    private long lastWarning = Long.MIN_VALUE;

    public FloodGuard(int burst, double perSecond, int closeAfter, LongSupplier nanoClock) {
        this.bucket = new TokenBucket(burst, perSecond, nanoClock);
        this.closeAfter = closeAfter;
        this.nanoClock = nanoClock;
    }

    public synchronized Verdict check() {
        if (bucket.tryTake()) {
            refusedInARow = 0;
            return Verdict.ACCEPT;
        }
        refusedInARow++;
        if (refusedInARow >= closeAfter) {
            if (closeSaid) {
                return Verdict.REFUSE; // frames still in flight after the close: said once is enough
            }
            closeSaid = true;
            return Verdict.CLOSE;
        }
        long now = nanoClock.getAsLong();
        if (lastWarning == Long.MIN_VALUE || now - lastWarning >= 1_000_000_000L) {
            lastWarning = now;
            return Verdict.REFUSE_AND_WARN;
        }
        return Verdict.REFUSE;
    }
}
