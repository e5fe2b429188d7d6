package io.doorlock.gatewaybase.connection;

import io.doorlock.base.bus.KeyedSerialExecutor;
import io.doorlock.common.json.JsonCodec;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The inbound side of a plain WebSocket endpoint whose callbacks run on the event loop: each frame is checked as it
 * arrives ({@link InboundGate}) and refused at once with an answer ({@link RefusedFrames}), or handed to the
 * handler. A connection's open, frames and close reach the handler one at a time, in order, on worker threads (the
 * handlers block on the database and the broker); different connections run in parallel.
 *
 * <p>websockets-next would queue a blocking endpoint's frames without bound and let the handler see them only when
 * their turn comes, so a rate checked there is the gateway's speed rather than the client's, and a backlog has no
 * limit. Here both are decided on arrival.
 */
@ApplicationScoped
public class WebSocketInbound {

    private static final Logger LOG = Logger.getLogger(WebSocketInbound.class);
    private static final UserData.TypedKey<InboundGate> GATE = new UserData.TypedKey<>("doorlock.inbound-gate");

    private final RefusedFrames refusals;
    private final JsonCodec codec;
    private final KeyedSerialExecutor serial;

    public WebSocketInbound(RefusedFrames refusals, JsonCodec codec) {
        this.refusals = refusals;
        this.codec = codec;
        // Quarkus' worker pool, where websockets-next ran blocking callbacks before.
        this.serial = new KeyedSerialExecutor(task -> Infrastructure.getDefaultWorkerPool().execute(task),
                (connection, e) -> LOG.errorf(e, "WebSocket %s: handling a frame failed", connection));
    }

    public void onOpen(WebSocketConnection socket, ClientHandler handler) {
        ClientConnection connection = WebSocketClientConnection.of(socket);
        socket.userData().put(GATE, handler.inboundGate(connection));
        serial.submit(socket.id(), () -> handler.onOpen(connection));
    }

    public void onText(WebSocketConnection socket, String text, ClientHandler handler) {
        ClientConnection connection = WebSocketClientConnection.of(socket);
        InboundGate gate = socket.userData().get(GATE);
        InboundGate.Verdict verdict = gate.arrive();
        if (verdict != InboundGate.Verdict.HANDLE) {
            refusals.answer(connection, gate, verdict, FrameIds.of(text, codec.mapper().getFactory()), () -> handler.flooded(connection));
            return;
        }
        serial.submit(socket.id(), () -> {
            try {
                handler.onText(connection, text);
            } finally {
                gate.handled();
            }
        });
    }

    /** After every frame that arrived before. */
    public void onClose(WebSocketConnection socket, ClientHandler handler) {
        serial.submit(socket.id(), () -> handler.onClose(WebSocketClientConnection.of(socket)));
    }
}
