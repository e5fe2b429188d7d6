package io.doorlock.gatewaybase.connection;

import io.doorlock.common.envelope.CloseReasons;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.http.HttpClosedException;
import org.jboss.logging.Logger;

/**
 * What a gateway WebSocket endpoint does when websockets-next reports a failed connection ({@code @OnError}). A
 * message over {@code quarkus.websockets-next.server.max-message-size}, or one frame over {@code max-frame-size}, is
 * the client's doing: the connection is closed with 1009 and one line is logged, without a stack trace. A connection
 * that is already gone is left alone. Anything else is closed with 1011 and logged with its stack trace.
 */
public final class ConnectionFailures {

    static final CloseReason MESSAGE_TOO_BIG = new CloseReason(CloseReasons.MESSAGE_TOO_BIG, "message too big");
    static final CloseReason INTERNAL_ERROR = new CloseReason(1011, "internal error");

    private static final Logger LOG = Logger.getLogger(ConnectionFailures.class);

    private ConnectionFailures() {}

    /** Closes {@code connection} (of {@code endpoint}, for the log) as {@code error} deserves. */
    public static void close(String endpoint, WebSocketConnection connection, Throwable error) {
        if (isTooBig(error)) {
            LOG.infof("%s connection %s sent a message over the size limit; closing it with 1009 (%s)", endpoint, connection.id(), error.getMessage());
            closeIfOpen(connection, MESSAGE_TOO_BIG);
        } else if (error instanceof HttpClosedException || !connection.isOpen()) {
            LOG.debugf("%s connection %s failed after it closed: %s", endpoint, connection.id(), error.getMessage());
        } else {
            LOG.warnf(error, "%s connection %s failed; closing it", endpoint, connection.id());
            closeIfOpen(connection, INTERNAL_ERROR);
        }
    }

    /** True for a message or frame the WebSocket layer refused for its size. */
    static boolean isTooBig(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof CorruptedWebSocketFrameException corrupt && corrupt.closeStatus() != null
                    && corrupt.closeStatus().code() == CloseReasons.MESSAGE_TOO_BIG) {
                return true;
            }
            // Vert.x 4 reports a fragmented message its aggregator cannot hold as a bare IllegalStateException:
            // "Cannot process text frame of size N, it would cause message buffer (size M) to overflow max message size of L".
            if (e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("overflow max message size")) {
                return true;
            }
        }
        return false;
    }

    private static void closeIfOpen(WebSocketConnection connection, CloseReason reason) {
        if (connection.isOpen()) {
            connection.close(reason).subscribe().with(v -> { }, e -> { });
        }
    }
}
