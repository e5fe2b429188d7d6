package io.doorlock.devicegateway.presence;

import io.doorlock.devicegateway.session.ReplacedSockets;
import io.doorlock.devicegateway.session.DeviceSessions;
import io.doorlock.devicegateway.session.DeviceSession;
import io.doorlock.devicegateway.DeviceGatewayConfig;
import io.doorlock.base.bus.BusUnavailableException;
import io.doorlock.common.bus.ConnectionMetadata;
import io.doorlock.common.bus.Transport;
import io.doorlock.common.dashboard.DeviceConnected;
import io.doorlock.common.dashboard.DeviceDisconnected;
import io.doorlock.common.dashboard.DeviceStatus;
import io.doorlock.common.dashboard.PresenceStatus;
import io.doorlock.common.device.DeviceHeartbeat;
import io.doorlock.common.envelope.EventNames;
import io.doorlock.devicegateway.credentials.DeviceCredentials;
import io.doorlock.devicegateway.credentials.DeviceIdentity;
import io.doorlock.devicegateway.event.DeviceEventPublisher;
import io.doorlock.devicegateway.presence.PresenceRules.Outcome;
import io.doorlock.devicegateway.presence.PresenceStore.Seen;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;
import io.doorlock.common.envelope.CloseReasons;
import io.quarkus.websockets.next.CloseReason;

/**
 * The seed's {@code deviceConnectionManager}, for a fleet: register and unregister a device's links (WebSocket on
 * some replica, MQTT at the broker), heartbeats, device status and is-online. The truth lives in the
 * {@code presence} collection, shared by every replica and surviving restarts; this class turns each change into
 * the dashboard events it means, published once per real transition ({@code device_connected},
 * {@code device_disconnected} with its reason, {@code device_status}). Sending commands is
 * {@code CommandRouter}'s job.
 */
@ApplicationScoped
public class ConnectionManager {

    private static final Logger LOG = Logger.getLogger(ConnectionManager.class);

    private final PresenceStore store;
    private final Sightings sightings;
    private final BatteryWatch battery;
    private final DeviceEventPublisher events;
    private final DeviceCredentials credentials;
    private final DeviceSessions sessions;
    private final DeviceGatewayConfig config;
    private final MeterRegistry metrics;
    private final ReplacedSockets replaced;

    public ConnectionManager(PresenceStore store, Sightings sightings, BatteryWatch battery, DeviceEventPublisher events,
            DeviceCredentials credentials, DeviceSessions sessions, DeviceGatewayConfig config, MeterRegistry metrics,
            ReplacedSockets replaced) {
        this.store = store;
        this.sightings = sightings;
        this.battery = battery;
        this.events = events;
        this.credentials = credentials;
        this.sessions = sessions;
        this.config = config;
        this.metrics = metrics;
        this.replaced = replaced;
    }

    /** registerDevice(deviceId, 'socket'): the WebSocket of {@code session} is now the device's socket. */
    public void socketUp(DeviceIdentity device, DeviceSession session) {
        change(device, new PresenceChange.SocketUp(config.gatewayId(), session.connection().id(), Instant.now()), session.metadata())
                .flatMap(outcome -> outcome.before().socket())
                .filter(old -> !old.gatewayId().equals(config.gatewayId()))
                .ifPresent(old -> replaced.tell(device.deviceId(), old.gatewayId(), old.connectionId()));
    }

    /** unregisterDevice(deviceId, 'socket', reason). A socket that was already replaced changes nothing. */
    public void socketDown(DeviceIdentity device, DeviceSession session, String reason) {
        change(device, new PresenceChange.SocketDown(session.connection().id(), reason, Instant.now()), session.metadata());
    }

    /** registerDevice(deviceId, 'mqtt'): the device said {@code online} on its status topic. */
    public void mqttUp(DeviceIdentity device, Optional<String> mqttSession) {
        change(device, new PresenceChange.MqttUp(mqttSession, Instant.now()), mqttMetadata(mqttSession));
    }

    /** unregisterDevice(deviceId, 'mqtt', reason): {@code offline} on its status topic, usually its Last Will. */
    public void mqttDown(DeviceIdentity device, Optional<String> mqttSession, String reason) {
        change(device, new PresenceChange.MqttDown(mqttSession, reason, Instant.now()), mqttMetadata(mqttSession));
    }

    /**
     * updateHeartbeat: the device sent something on {@code transport}. Buffered and written in batches; a heartbeat's
     * battery, RSSI and firmware are kept.
     */
    public void seen(DeviceIdentity device, Transport transport, Optional<String> connectionId, Optional<DeviceHeartbeat> heartbeat) {
        sightings.seen(new Seen(device.deviceId(), Instant.now(), connectionId, transport == Transport.MQTT,
                heartbeat.flatMap(DeviceHeartbeat::batteryLevel), heartbeat.flatMap(DeviceHeartbeat::rssi),
                heartbeat.flatMap(DeviceHeartbeat::firmwareVersion)));
    }

    /** The sweeper found the device silent for the heartbeat timeout: every link is dropped. */
    public void timedOut(String deviceId) {
        Optional<DeviceIdentity> device = credentials.lookup(deviceId);
        DeviceIdentity identity = device.orElse(new DeviceIdentity(deviceId, Optional.empty(), deviceId));
        change(identity, new PresenceChange.Silent(config.presence().heartbeatTimeout(), Instant.now()),
                new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.empty(), Transport.SYSTEM));
        battery.forget(deviceId);
    }

    /**
     * A device was heard on a link the database does not know. If the database holds another socket for it, this
     * replica's socket is a leftover of a replaced connection and is closed (4409). Otherwise the link was lost (a
     * missed {@code online}, or a timeout while the database was unreachable) and is registered again.
     */
    public void relink(PresenceStore.Unlinked unlinked) {
        Seen seen = unlinked.seen();
        Optional<DeviceIdentity> device = credentials.lookup(seen.deviceId());
        if (device.isEmpty()) {
            return;
        }
        if (seen.overMqtt()) {
            mqttUp(device.get(), Optional.empty());
            return;
        }
        Optional<DeviceSession> local = sessions.ofDevice(seen.deviceId())
                .filter(s -> seen.connectionId().equals(Optional.of(s.connection().id())));
        if (local.isEmpty()) {
            return;
        }
        if (unlinked.otherSocket().isPresent()) {
            LOG.infof("socket %s of %s was replaced by %s; closing it", local.get().connection().id(), seen.deviceId(),
                    unlinked.otherSocket().get());
            local.get().connection().close(new CloseReason(CloseReasons.REPLACED,
                    "replaced by a newer connection")).subscribe().with(v -> { }, e -> { });
            return;
        }
        socketUp(device.get(), local.get());
    }

    /** getDeviceStatus: {deviceId, status, hasSocket, hasMqtt, connectedAt, lastSeen}. */
    public DeviceStatus deviceStatus(String deviceId) {
        Presence p = store.find(deviceId).orElse(Presence.unknown(deviceId));
        return status(p, Instant.now());
    }

    /** isDeviceOnline. */
    public boolean isOnline(String deviceId) {
        return store.find(deviceId).map(Presence::online).orElse(false);
    }

    private Optional<Outcome> change(DeviceIdentity device, PresenceChange change, ConnectionMetadata metadata) {
        Outcome outcome;
        try {
            outcome = store.apply(device.deviceId(), change);
        } catch (RuntimeException e) {
            // The link keeps working; the next flush of its heartbeats finds it missing and registers it again.
            metrics.counter("doorlock_presence_write_failures_total").increment();
            LOG.warnf("presence of %s not updated (%s): %s", device.deviceId(), change.getClass().getSimpleName(), e.getMessage());
            return Optional.empty();
        }
        announce(device, outcome, metadata);
        return Optional.of(outcome);
    }

    private void announce(DeviceIdentity device, Outcome outcome, ConnectionMetadata metadata) {
        PresenceTransition transition = outcome.transition();
        if (transition == PresenceTransition.NONE) {
            return;
        }
        Presence after = outcome.after();
        Instant now = Instant.now();
        metrics.counter("doorlock_presence_transitions_total", "transition", transition.name().toLowerCase()).increment();
        if (transition == PresenceTransition.CAME_ONLINE || transition == PresenceTransition.RECONNECTED) {
            // Names the replica holding the socket now, so command-service routes the device's dispatches straight there.
            publish(device, EventNames.DEVICE_CONNECTED, new DeviceConnected(device.deviceId(), device.name(), now),
                    metadata.withGatewayId(after.socket().map(Presence.SocketLink::gatewayId)));
            LOG.infof("device %s %s (%s)", device.deviceId(), transition == PresenceTransition.CAME_ONLINE ? "online" : "reconnected", links(after));
        } else if (transition == PresenceTransition.WENT_OFFLINE) {
            String reason = after.offlineReason().orElse("connection_lost");
            publish(device, EventNames.DEVICE_DISCONNECTED, new DeviceDisconnected(device.deviceId(), device.name(), reason, Optional.of(now)), metadata);
            LOG.infof("device %s offline (%s)", device.deviceId(), reason);
        }
        publish(device, EventNames.DEVICE_STATUS, status(after, now), metadata);
    }

    private void publish(DeviceIdentity device, String event, Object data, ConnectionMetadata metadata) {
        try {
            events.publish(device, event, data, metadata);
        } catch (BusUnavailableException e) {
            LOG.warnf("%s of %s not published: %s", event, device.deviceId(), e.getMessage());
        }
    }

    static DeviceStatus status(Presence p, Instant now) {
        return new DeviceStatus(p.deviceId(), p.online() ? PresenceStatus.ONLINE : PresenceStatus.OFFLINE, now,
                Optional.of(p.socket().isPresent()), Optional.of(p.mqtt().isPresent()),
                p.online() ? p.connectedAt() : Optional.empty(), p.lastSeen(), Optional.empty());
    }

    private static String links(Presence p) {
        return p.socket().isPresent() && p.mqtt().isPresent() ? "websocket and mqtt" : p.socket().isPresent() ? "websocket" : "mqtt";
    }

    private static ConnectionMetadata mqttMetadata(Optional<String> mqttSession) {
        return new ConnectionMetadata(Optional.empty(), Optional.empty(), mqttSession, Transport.MQTT);
    }
}
