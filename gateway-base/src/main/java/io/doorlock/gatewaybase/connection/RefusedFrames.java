package io.doorlock.gatewaybase.connection;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.envelope.ErrorCode;
import io.doorlock.common.envelope.ErrorData;
import io.doorlock.common.envelope.ErrorDetail;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Answers a frame its {@link InboundGate} did not let through, at once and never silently: an {@code error} with the
 * frame's own {@code id} (and, for a command, its {@code commandId} in {@code details}), so the client knows which
 * request was refused and that it may send it again. {@code RATE_LIMITED}: the client sends faster than its limits;
 * {@code UNAVAILABLE}: the gateway is behind with this connection's frames. The connection stays open, except for a
 * client that kept flooding ({@link InboundGate.Verdict#CLOSE}): it hears {@code RATE_LIMITED}, then the close 4429.
 * Counted in {@code doorlock_rate_limited_frames_total}, {@code doorlock_rate_limited_connections_closed_total} and
 * {@code doorlock_busy_frames_total}, tagged with the gate's endpoint.
 */
@ApplicationScoped
public class RefusedFrames {

    private final Frames frames;
    private final MeterRegistry metrics;

    public RefusedFrames(Frames frames, MeterRegistry metrics) {
        this.frames = frames;
        this.metrics = metrics;
    }

    /**
     * Answers a refused frame. {@code onFlooded} runs just before a connection is closed for flooding (the gateway's
     * log line, see {@link ClientHandler#flooded}).
     */
    public void answer(ClientConnection connection, InboundGate gate, InboundGate.Verdict verdict, FrameIds ids, Runnable onFlooded) {
        switch (verdict) {
            case HANDLE -> throw new IllegalArgumentException("a frame let through is not refused");
            case BUSY -> {
                metrics.counter("doorlock_busy_frames_total", "endpoint", gate.endpoint()).increment();
                send(connection, ErrorCode.UNAVAILABLE, "the gateway is still handling " + gate.waiting()
                        + " earlier frames of this connection; send this one again later", ids);
            }
            case RATE_LIMITED -> {
                metrics.counter("doorlock_rate_limited_frames_total", "endpoint", gate.endpoint()).increment();
                send(connection, ErrorCode.RATE_LIMITED, FloodResponse.SLOW_DOWN, ids);
            }
            case CLOSE -> {
                metrics.counter("doorlock_rate_limited_frames_total", "endpoint", gate.endpoint()).increment();
                metrics.counter("doorlock_rate_limited_connections_closed_total", "endpoint", gate.endpoint()).increment();
                onFlooded.run();
                connection.sendText(frames.error(error(ErrorCode.RATE_LIMITED, FloodResponse.SLOW_DOWN, ids), ids.requestId()))
                        .onFailure().recoverWithNull()
                        .chain(() -> connection.close(new CloseReason(CloseReasons.RATE_LIMITED, "rate limit exceeded")))
                        .subscribe().with(v -> { }, e -> { });
            }
        }
    }

    private void send(ClientConnection connection, ErrorCode code, String message, FrameIds ids) {
        connection.sendText(frames.error(error(code, message, ids), ids.requestId())).subscribe().with(v -> { }, e -> { });
    }

    private static ErrorData error(ErrorCode code, String message, FrameIds ids) {
        return new ErrorData(code, message, ids.commandId().map(id -> List.of(new ErrorDetail("commandId", code, id))).orElse(List.of()));
    }
}
