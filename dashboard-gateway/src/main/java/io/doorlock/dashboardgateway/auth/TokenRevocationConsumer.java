package io.doorlock.dashboardgateway.auth;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.common.bus.TokenRevoked;
import io.doorlock.dashboardgateway.push.DashboardPush;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Every replica closes its own dashboards that use a revoked token. */
@ApplicationScoped
public class TokenRevocationConsumer {

    private static final Logger LOG = Logger.getLogger(TokenRevocationConsumer.class);

    private final BusDecoder decoder;
    private final DashboardPush push;

    public TokenRevocationConsumer(BusDecoder decoder, DashboardPush push) {
        this.decoder = decoder;
        this.push = push;
    }

    @Incoming("token-revoked")
    public void onRevoked(byte[] payload) {
        try {
            decoder.decode(payload, TokenRevoked.class).ifPresent(d -> push.closeToken(d.data().userId(), d.data().tokenId(), d.envelope().at()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying a token revocation failed");
        }
    }
}
