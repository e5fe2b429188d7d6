package io.doorlock.devicegateway.session;

import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.devicegateway.credentials.CredentialsRevoked;
import io.quarkus.websockets.next.CloseReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** A device whose token was rotated, or that was deleted, loses its live socket on this replica at once (4403). */
@ApplicationScoped
public class RevokedSockets {

    private static final Logger LOG = Logger.getLogger(RevokedSockets.class);

    private final DeviceSessions sessions;

    public RevokedSockets(DeviceSessions sessions) {
        this.sessions = sessions;
    }

    void onRevoked(@Observes CredentialsRevoked revoked) {
        sessions.ofDevice(revoked.deviceId()).ifPresent(session -> {
            LOG.infof("closing the connection of %s: %s", revoked.deviceId(), revoked.reason());
            session.connection().close(new CloseReason(CloseReasons.CREDENTIALS_REVOKED, revoked.reason()))
                    .subscribe().with(v -> { }, e -> LOG.debugf("closing a revoked connection failed: %s", e.getMessage()));
        });
    }
}
