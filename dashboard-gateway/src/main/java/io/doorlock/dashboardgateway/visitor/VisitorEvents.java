package io.doorlock.dashboardgateway.visitor;

import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.dashboard.NewVisitor;
import io.doorlock.common.dashboard.VisitorDecision;
import io.doorlock.common.dashboard.VisitorProcessed;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.common.topic.Topics;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.push.OutgoingFrames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code new_visitor} and {@code visitor_processed}: published on the bus (so every dashboard-gateway replica, and
 * the audit trail, gets them), and forwarded by each replica to its own dashboards of users who may view the device.
 * The visitor's id is the correlation id of everything that follows from it, the unlock included.
 */
@ApplicationScoped
public class VisitorEvents {

    private static final Logger LOG = Logger.getLogger(VisitorEvents.class);

    private final BusPublisher bus;
    private final BusDecoder decoder;
    private final DeviceAccess access;
    private final DashboardPush push;
    private final OutgoingFrames frames;

    public VisitorEvents(BusPublisher bus, BusDecoder decoder, DeviceAccess access, DashboardPush push, OutgoingFrames frames) {
        this.bus = bus;
        this.decoder = decoder;
        this.access = access;
        this.push = push;
        this.frames = frames;
    }

    public void arrived(VisitorLog visitor) {
        publish(Topics.VISITOR_NEW, BusTypes.VISITOR_NEW, visitor.deviceId(), Optional.empty(), visitor.id(),
                new NewVisitor(visitor.id(), VisitorLog.imageUrl(visitor.id()), visitor.deviceId(), visitor.createdAt()));
    }

    public void processed(VisitorLog visitor, VisitorDecision decision, Optional<String> adminId, Instant at) {
        publish(Topics.VISITOR_PROCESSED, BusTypes.VISITOR_PROCESSED, visitor.deviceId(), adminId, visitor.id(),
                new VisitorProcessed(visitor.id(), decision, adminId, at));
    }

    private void publish(String topic, String type, String deviceId, Optional<String> userId, String correlationId, Object data) {
        try {
            bus.publish(topic, type, deviceId, userId, correlationId, data);
        } catch (BusUnavailableException e) {
            // The visitor is stored and listed; only the live notification is lost.
            LOG.warnf("%s for %s not published: %s", type, deviceId, e.getMessage());
        }
    }

    @Incoming("visitor-events")
    public void onEvent(byte[] payload) {
        try {
            decoder.envelope(payload).ifPresent(envelope -> {
                String event = switch (envelope.type()) {
                    case BusTypes.VISITOR_NEW -> EventNames.NEW_VISITOR;
                    case BusTypes.VISITOR_PROCESSED -> EventNames.VISITOR_PROCESSED;
                    default -> null;
                };
                if (event != null && envelope.deviceId() != null) {
                    push.sendToUsersAndAdmins(access.viewers(envelope.deviceId()), frames.kept(event, envelope.data()));
                }
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "forwarding a visitor event failed");
        }
    }
}
