package io.doorlock.gatewaybase.connection;

import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * One client link as the gateways' handlers see it: text frames of the plain JSON protocol in and out, a close with a
 * code, and what the client's HTTP handshake said. A plain WebSocket ({@link WebSocketClientConnection}) and a
 * Socket.IO session ({@code SocketIoConnection}) both implement it, so the same handler
 * serves both protocols and nothing is written twice.
 */
public interface ClientConnection {

    /** Unique per connection, stable for its life. */
    String id();

    /**
     * The handler dropped the frame it is handling without an answer (the rate limit): a transport whose client
     * waits for an answer to every request (Socket.IO acks) tells it so. Plain WebSockets need nothing.
     */
    default void refused(String code, String message) {
    }

    boolean isOpen();

    /** Sends one frame of the plain protocol ({@code {"event":...,"data":...,"id":...}}). */
    Uni<Void> sendText(String frame);

    /**
     * Sends an event that goes alike to many clients, in the encoding this transport shares between them; a plain
     * WebSocket sends its text as it is.
     */
    default Uni<Void> sendBroadcast(BroadcastFrame frame) {
        return sendText(frame.text());
    }

    /** Closes the link with a WebSocket close code (Socket.IO sends its DISCONNECT first). */
    Uni<Void> close(CloseReason reason);

    default void closeAndAwait(CloseReason reason) {
        close(reason).await().atMost(Duration.ofSeconds(5));
    }

    /** How the link was closed, once it was. */
    Optional<CloseReason> closeReason();

    /** A header of the client's HTTP handshake. */
    Optional<String> header(String name);

    /** A query parameter of the client's HTTP handshake. */
    Optional<String> queryParam(String name);

    Optional<String> remoteAddress();

    /** {@code websocket} or {@code socket.io}, for logs and metrics. */
    String protocol();
}
