package io.doorlock.gatewaybase.connection;

import io.doorlock.base.ws.Writes;
import io.doorlock.common.envelope.CloseReasons;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;

/**
 * How a gateway's connection handler answers a client on its own link, the same on every endpoint (plain WebSocket or
 * Socket.IO): a direct reply to the client's frame, and the refusal of credentials, counted in the gateway's handshake
 * metric ({@code doorlock_device_handshakes_total}, {@code doorlock_dashboard_handshakes_total}) as
 * {@code result=rejected, reason=credentials}.
 */
public final class Replies {

    private final MeterRegistry metrics;
    private final String handshakes;

    /** {@code handshakes} is the name of the gateway's handshake counter. */
    public Replies(MeterRegistry metrics, String handshakes) {
        this.metrics = metrics;
        this.handshakes = handshakes;
    }

    /**
     * A direct answer to the client's own frame, waited for at most {@link Writes#REPLY_TIMEOUT}: a client that sends
     * but never reads is closed (1013) instead of holding a worker thread.
     */
    public void reply(ClientConnection connection, String frame) {
        if (!Writes.await(connection.sendText(frame), Writes.REPLY_TIMEOUT) && connection.isOpen()) {
            connection.close(new CloseReason(CloseReasons.TRY_AGAIN_LATER, "not reading"))
                    .subscribe().with(v -> { }, e -> { });
        }
    }

    /** Counts a handshake refused for its credentials and closes the link (4401 with {@code reason}). */
    public void reject(ClientConnection connection, String reason) {
        metrics.counter(handshakes, "result", "rejected", "reason", "credentials").increment();
        connection.closeAndAwait(new CloseReason(CloseReasons.AUTH_FAILED, reason));
    }
}
