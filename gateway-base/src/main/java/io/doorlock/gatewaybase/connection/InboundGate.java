package io.doorlock.gatewaybase.connection;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's check of each frame as it arrives, before it waits for the handler: whether the client sends
 * faster than its limits ({@link FloodGuard}, when the gateway set limits), and whether too many of its frames are
 * still waiting because the gateway is behind. Checked at arrival, the rate is the client's own, whatever the
 * gateway's speed: a backlog handled in a rush is never mistaken for a flood.
 */
public final class InboundGate {

    /** Frames of one connection that may wait for the handler when a gateway sets no limit of its own. */
    public static final int DEFAULT_MAX_WAITING = 256;

    /** What to do with a frame that just arrived. */
    public enum Verdict {
        /** Let it wait for the handler; call {@link #handled()} once the handler is done with it. */
        HANDLE,
        /** Refuse it: the client sends faster than its limits. Answer {@code RATE_LIMITED}. */
        RATE_LIMITED,
        /** Refuse it and close the connection: the client kept sending far above its limits. */
        CLOSE,
        /** Refuse it: too many of this connection's frames wait for the handler. Answer {@code UNAVAILABLE}. */
        BUSY
    }

    private final String endpoint;
    private final FloodGuard flood;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();

    private InboundGate(String endpoint, FloodGuard flood, int maxWaiting) {
        this.endpoint = endpoint;
        this.flood = flood;
        this.maxWaiting = maxWaiting;
    }

    /** Rate limits and a bound on waiting frames. {@code endpoint} tags the metrics ({@code dashboard-ws}). */
    public static InboundGate limited(String endpoint, FloodGuard flood, int maxWaiting) {
        return new InboundGate(endpoint, flood, maxWaiting);
    }

    /** Only a bound on waiting frames: the handler checks the rate itself. */
    public static InboundGate waitingOnly(String endpoint, int maxWaiting) {
        return new InboundGate(endpoint, null, maxWaiting);
    }

    /** Decides a frame that just arrived. */
    public Verdict arrive() {
        if (flood != null) {
            FloodGuard.Verdict rate = flood.check();
            if (rate == FloodGuard.Verdict.CLOSE) {
                return Verdict.CLOSE;
            }
            if (rate != FloodGuard.Verdict.ACCEPT) {
                return Verdict.RATE_LIMITED;
            }
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            return Verdict.BUSY;
        }
        return Verdict.HANDLE;
    }

    /** The handler is done with a frame this gate let through. */
    public void handled() {
        waiting.decrementAndGet();
    }

    /** Frames let through and not handled yet. */
    public int waiting() {
        return waiting.get();
    }

    /** The metrics tag of the connections this gate guards. */
    public String endpoint() {
        return endpoint;
    }
}
