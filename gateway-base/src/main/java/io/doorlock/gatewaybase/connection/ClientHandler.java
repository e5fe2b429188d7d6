package io.doorlock.gatewaybase.connection;

/** What a gateway does on a client link, whichever protocol carries it (plain WebSocket or Socket.IO). */
public interface ClientHandler {

    void onOpen(ClientConnection connection);

    /** One frame of the plain JSON protocol. */
    void onText(ClientConnection connection, String frame);

    void onClose(ClientConnection connection);

    /**
     * The check each frame of a new connection passes as it arrives, before it waits for {@link #onText} (see
     * {@link InboundGate}); the transport answers what it refuses ({@link RefusedFrames}). By default only the frames
     * waiting are bounded, and the handler checks the rate itself.
     */
    default InboundGate inboundGate(ClientConnection connection) {
        return InboundGate.waitingOnly(connection.protocol(), InboundGate.DEFAULT_MAX_WAITING);
    }

    /** The connection is about to be closed for flooding (its gate said {@link InboundGate.Verdict#CLOSE}). */
    default void flooded(ClientConnection connection) {
    }
}
