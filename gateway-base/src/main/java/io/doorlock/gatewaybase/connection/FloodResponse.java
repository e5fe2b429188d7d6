package io.doorlock.gatewaybase.connection;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import java.util.Optional;

/**
 * What a gateway does with a frame its {@link FloodGuard} did not accept, the same on every WebSocket endpoint (plain
 * or Socket.IO): the frame is dropped and counted in {@code doorlock_rate_limited_frames_total{endpoint}}; a client
 * waiting for an answer (a Socket.IO ack) hears {@code RATE_LIMITED}; one {@code RATE_LIMITED} error frame goes out
 * a second; and a client that keeps flooding is closed with 4429, counted in
 * {@code doorlock_rate_limited_connections_closed_total{endpoint}}.
 */
public final class FloodResponse {

    static final String SLOW_DOWN = "too many frames; slow down";

    private final Frames frames;
    private final MeterRegistry metrics;
    private final String endpoint;

    /** {@code endpoint} is the metrics tag ({@code device-ws}, {@code dashboard-ws}). */
    public FloodResponse(Frames frames, MeterRegistry metrics, String endpoint) {
        this.frames = frames;
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    /**
     * True when the frame may be handled. Otherwise the refusal is already done, and {@code onClose} has run just
     * before the connection was closed for flooding (the gateway's log line or alert).
     */
    public boolean admit(FloodGuard guard, ClientConnection connection, Runnable onClose) {
        FloodGuard.Verdict verdict = guard.check();
        if (verdict == FloodGuard.Verdict.ACCEPT) {
            return true;
        }
        metrics.counter("doorlock_rate_limited_frames_total", "endpoint", endpoint).increment();
        connection.refused(ErrorCode.RATE_LIMITED.name(), SLOW_DOWN);
        if (verdict == FloodGuard.Verdict.REFUSE_AND_WARN) {
            connection.sendText(frames.error(ErrorCode.RATE_LIMITED, SLOW_DOWN, Optional.empty())).subscribe().with(v -> { }, e -> { });
        } else if (verdict == FloodGuard.Verdict.CLOSE) {
            metrics.counter("doorlock_rate_limited_connections_closed_total", "endpoint", endpoint).increment();
            onClose.run();
            connection.close(new CloseReason(CloseReasons.RATE_LIMITED, "rate limit exceeded")).subscribe().with(v -> { }, e -> { });
        }
        return false;
    }
}
