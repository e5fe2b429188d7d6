package io.doorlock.devicegateway.session;

import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.base.bus.BusDecoder;
import io.doorlock.base.bus.BusPublisher;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.BusTypes;
import io.doorlock.common.bus.SocketReplaced;
import io.doorlock.common.envelope.CloseReasons;
import io.doorlock.common.topic.Topics;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * One socket per device across replicas: when a device connects on this replica while another replica still holds
 * its old socket (a roam, a half-open TCP connection), the old holder is told on its control topic and closes that
 * socket with 4409, as a same-replica replacement would.
 */
@ApplicationScoped
public class ReplacedSockets {

    private static final Logger LOG = Logger.getLogger(ReplacedSockets.class);

    private final BusPublisher bus;
    private final BusDecoder decoder;
    private final DeviceSessions sessions;
    private final DeviceGatewayConfig config;

    public ReplacedSockets(BusPublisher bus, BusDecoder decoder, DeviceSessions sessions, DeviceGatewayConfig config) {
        this.bus = bus;
        this.decoder = decoder;
        this.sessions = sessions;
        this.config = config;
    }

    /** Tells gateway {@code oldGatewayId}, which held socket {@code oldConnectionId}, that it was replaced here. Best effort. */
    public void tell(String deviceId, String oldGatewayId, String oldConnectionId) {
        try {
            bus.publish(Topics.gatewayControl(oldGatewayId), BusTypes.SOCKET_REPLACED, deviceId, Optional.empty(), deviceId,
                    new SocketReplaced(deviceId, oldConnectionId, config.gatewayId()));
        } catch (BusUnavailableException | IllegalArgumentException e) {
            LOG.warnf("gateway %s not told that the socket of %s moved: %s", oldGatewayId, deviceId, e.getMessage());
        }
    }

    @Incoming("gateway-control")
    @Blocking
    public void onControl(byte[] payload) {
        try {
            decoder.decode(payload, SocketReplaced.class).ifPresent(d -> close(d.data()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling a gateway control message failed");
        }
    }

    private void close(SocketReplaced replaced) {
        sessions.ofDevice(replaced.deviceId())
                .filter(session -> session.connection().id().equals(replaced.connectionId()))
                .ifPresent(session -> {
                    LOG.infof("device %s connected again on gateway %s; closing its socket here", replaced.deviceId(), replaced.newGatewayId());
                    session.connection().close(new CloseReason(CloseReasons.REPLACED, "replaced by a newer connection"))
                            .subscribe().with(v -> { }, e -> { });
                });
    }
}
