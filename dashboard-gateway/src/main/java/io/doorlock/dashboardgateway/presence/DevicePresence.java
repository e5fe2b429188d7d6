package io.doorlock.dashboardgateway.presence;

import com.fasterxml.jackson.databind.JsonNode;
import io.doorlock.base.bus.BusDecoder;
import io.doorlock.common.bus.DeviceEventReceived;
import io.doorlock.common.dashboard.DeviceConnected;
import io.doorlock.common.dashboard.DeviceDisconnected;
import io.doorlock.common.dashboard.DeviceStatus;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.dashboardgateway.access.DeviceAccess;
import io.doorlock.dashboardgateway.push.DashboardPush;
import io.doorlock.dashboardgateway.push.OutgoingFrame;
import io.doorlock.dashboardgateway.push.OutgoingFrames;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import io.doorlock.common.bus.Transport;

/**
 * What this instance has heard about devices being online, from device-gateway's {@code device_connected} /
 * {@code device_disconnected} events and the time of each device's last event. It answers
 * {@code request_device_status} and forwards connection changes to the device's viewers.
 *
 * <p>Process-local, built from the events seen since start: device-gateway's {@code device_status} events (published
 * on every change of a device's links, from the presence it keeps in its database) carry hasSocket / hasMqtt /
 * connectedAt, and are forwarded to the device's viewers too.
 */
@ApplicationScoped
public class DevicePresence {

    private static final Logger LOG = Logger.getLogger(DevicePresence.class);

    /** {@code changedAt}: when the last connect or disconnect applied here happened (EPOCH before the first). */
    private record Known(PresenceStatus status, Optional<Instant> connectedAt, Instant lastSeen, Instant changedAt) {

        /** The last time seen, counting a message stamped {@code at} (messages may arrive out of order). */
        Instant lastSeenWith(Instant at) {
            return at.isAfter(lastSeen) ? at : lastSeen;
        }
    }

    private final ConcurrentMap<String, Known> known = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Integer> batteries = new ConcurrentHashMap<>();
    private final BusDecoder decoder;
    private final DeviceAccess access;
    private final DashboardPush push;
    private final OutgoingFrames frames;

    public DevicePresence(BusDecoder decoder, DeviceAccess access, DashboardPush push, OutgoingFrames frames) {
        this.decoder = decoder;
        this.access = access;
        this.push = push;
        this.frames = frames;
    }

    @Incoming("device-events")
    public void onDeviceEvent(byte[] payload) {
        try {
            decoder.decode(payload, DeviceEventReceived.class).ifPresent(d -> apply(d.data(), d.envelope().id()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying a device event failed");
        }
    }

    void apply(DeviceEventReceived event, String messageId) {
        String deviceId = event.deviceId();
        Instant at = event.receivedAt();
        Known current = known.get(deviceId);
        boolean connectionChange = EventNames.DEVICE_CONNECTED.equals(event.event()) || EventNames.DEVICE_DISCONNECTED.equals(event.event());
        if (connectionChange && current != null && at.isBefore(current.changedAt())) {
            // A reconnect publishes the old socket's disconnect and the new socket's connect from two threads;
            // whichever happened earlier must not win just because it arrived later. Only connection changes are
            // compared: a device's last message may be stamped after its Will was handled, and must not hide it.
            return;
        }
        Instant lastSeen = current == null ? at : current.lastSeenWith(at);
        switch (event.event()) {
            case EventNames.DEVICE_CONNECTED -> {
                known.put(deviceId, new Known(PresenceStatus.ONLINE, Optional.of(at), lastSeen, at));
                decoder.read(event.data(), DeviceConnected.class, messageId)
                        .ifPresent(c -> toViewers(deviceId, frames.devicePresence(EventNames.DEVICE_CONNECTED, c.deviceId(), c)));
            }
            case EventNames.DEVICE_DISCONNECTED -> {
                known.put(deviceId, new Known(PresenceStatus.OFFLINE, Optional.empty(), lastSeen, at));
                decoder.read(event.data(), DeviceDisconnected.class, messageId)
                        .ifPresent(c -> toViewers(deviceId, frames.devicePresence(EventNames.DEVICE_DISCONNECTED, c.deviceId(), c)));
            }
            case EventNames.DEVICE_STATUS -> decoder.read(event.data(), DeviceStatus.class, messageId).ifPresent(status -> {
                // device-gateway's own view (links, connectedAt, lastSeen), kept for request_device_status.
                statuses.put(deviceId, status);
                toViewers(deviceId, frames.devicePresence(EventNames.DEVICE_STATUS, status.deviceId(),
                        status.withBatteryLevel(Optional.ofNullable(batteries.get(deviceId)))));
            });
            // Any other event shows the device alive; over HTTP (a heartbeat with no link) it does not make it online.
            default -> {
                known.compute(deviceId, (k, old) -> old == null
                        ? new Known(event.metadata() != null && event.metadata().source() == Transport.HTTP
                                ? PresenceStatus.OFFLINE : PresenceStatus.ONLINE, Optional.empty(), at, Instant.EPOCH)
                        : new Known(old.status(), old.connectedAt(), old.lastSeenWith(at), old.changedAt()));
                batteryLevel(event).ifPresent(level -> {
                    // Viewers hear a device_status when the level changes, not on every heartbeat.
                    Integer before = batteries.put(deviceId, level);
                    if (!Integer.valueOf(level).equals(before)) {
                        toViewers(deviceId, frames.devicePresence(EventNames.DEVICE_STATUS, deviceId, statusOf(deviceId)));
                    }
                });
            }
        }
    }

    /** The level a validated {@code device_heartbeat} or {@code low_battery} carries (0..100, checked by the validator). */
    private static Optional<Integer> batteryLevel(DeviceEventReceived event) {
        boolean carriesIt = EventNames.DEVICE_HEARTBEAT.equals(event.event()) || EventNames.LOW_BATTERY.equals(event.event());
        if (!carriesIt || event.data() == null) {
            return Optional.empty();
        }
        JsonNode level = event.data().path("batteryLevel");
        return level.isIntegralNumber() && level.canConvertToInt() ? Optional.of(level.intValue()) : Optional.empty();
    }

    /** The device's status as far as this instance knows; offline when nothing was heard. */
    public DeviceStatus statusOf(String deviceId) {
        Known k = known.get(deviceId);
        DeviceStatus reported = statuses.get(deviceId);
        Optional<Integer> battery = Optional.ofNullable(batteries.get(deviceId));
        // device-gateway's detail, as long as it agrees with the latest connect / disconnect seen here.
        if (reported != null && (k == null || reported.status() == k.status())) {
            return new DeviceStatus(deviceId, reported.status(), Instant.now(), reported.hasSocket(), reported.hasMqtt(),
                    reported.connectedAt(), k == null ? reported.lastSeen() : Optional.of(k.lastSeen()), battery);
        }
        if (k == null) {
            return new DeviceStatus(deviceId, PresenceStatus.OFFLINE, Instant.now(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), battery);
        }
        return new DeviceStatus(deviceId, k.status(), Instant.now(), Optional.of(k.status() == PresenceStatus.ONLINE),
                Optional.empty(), k.connectedAt(), Optional.of(k.lastSeen()), battery);
    }

    private void toViewers(String deviceId, OutgoingFrame frame) {
        push.sendToUsersAndAdmins(access.viewers(deviceId), frame);
    }
}
