package io.doorlock.dashboardgateway.session;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.envelope.ErrorCode;
import io.quarkus.websockets.next.CloseReason;
import io.doorlock.gatewaybase.connection.ClientConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.doorlock.base.ws.Writes;

/** Tells a dashboard why with an {@code error} frame, then closes its socket with a code and reason. */
@ApplicationScoped
public class SessionCloser {

    private static final Logger LOG = Logger.getLogger(SessionCloser.class);

    private final Frames frames;

    public SessionCloser(Frames frames) {
        this.frames = frames;
    }

    public void close(ClientConnection connection, ErrorCode code, String message, int closeCode, String reason) {
        if (!connection.isOpen()) {
            return;
        }
        // The error frame is a courtesy: a client that does not read it within the reply timeout is closed anyway.
        connection.sendText(frames.error(code, message, Optional.empty()))
                .ifNoItem().after(Writes.REPLY_TIMEOUT).recoverWithItem((Void) null)
                .onFailure().recoverWithItem((Void) null)
                .chain(() -> connection.close(new CloseReason(closeCode, reason)))
                .subscribe().with(v -> { }, e -> LOG.debugf("closing dashboard %s (%s) failed: %s", connection.id(), reason, e.getMessage()));
    }
}
