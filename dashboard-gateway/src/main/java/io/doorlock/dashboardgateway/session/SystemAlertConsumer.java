package io.doorlock.dashboardgateway.session;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.common.dashboard.SystemAlert;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.push.OutgoingFrames;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** {@code system_alert} from any service, to this replica's dashboards in the {@code admin} role room only. */
@ApplicationScoped
public class SystemAlertConsumer {

    private static final Logger LOG = Logger.getLogger(SystemAlertConsumer.class);

    private final BusDecoder decoder;
    private final DashboardPush push;
    private final OutgoingFrames frames;

    public SystemAlertConsumer(BusDecoder decoder, DashboardPush push, OutgoingFrames frames) {
        this.decoder = decoder;
        this.push = push;
        this.frames = frames;
    }

    @Incoming("system-alerts")
    public void onAlert(byte[] payload) {
        try {
            decoder.decode(payload, SystemAlert.class).ifPresent(d -> push.sendToAdmins(frames.kept(EventNames.SYSTEM_ALERT, d.data())));
        } catch (RuntimeException e) {
            LOG.errorf(e, "forwarding a system alert failed");
        }
    }
}
