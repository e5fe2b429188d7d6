package io.doorlock.dashboardgateway.auth;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.dashboardgateway.session.DashboardSessions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Every replica closes its own dashboards that use a revoked token. */
@ApplicationScoped
public class TokenRevocationConsumer {

    private static final Logger LOG = Logger.getLogger(TokenRevocationConsumer.class);

    private final BusDecoder decoder;
    private final DashboardSessions sessions;

    public TokenRevocationConsumer(BusDecoder decoder, DashboardSessions sessions) {
        this.decoder = decoder;
        this.sessions = sessions;
    }

    @Incoming("token-revoked")
    public void onRevoked(byte[] payload) {
        try {
            decoder.decode(payload, TokenRevoked.class).ifPresent(d -> sessions.closeToken(d.data().userId(), d.data().tokenId(), d.envelope().at()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying a token revocation failed");
        }
    }
}
