package io.doorlock.devicegateway.presence;

import java.time.Instant;
import java.util.Optional;

/**
 * What the platform knows about a device's connections, shared by every device-gateway replica through the
 * {@code presence} collection. A device is online while it has at least one link (a WebSocket on some replica, or an
 * MQTT session at the broker). {@code revision} grows with every change of the links, so concurrent writers
 * (two replicas, the heartbeat sweeper) never overwrite each other's decisions.
 */
public record Presence(
        String deviceId,
        Optional<SocketLink> socket,
        Optional<MqttLink> mqtt,
        Optional<Instant> connectedAt,
        Optional<Instant> lastSeen,
        Optional<String> offlineReason,
        long revision) {

    /** A WebSocket held by one gateway replica. */
    public record SocketLink(String gatewayId, String connectionId, Instant since) {}

    /** An MQTT session at the broker; {@code session} is the id the device put in its {@code online} and Last Will. */
    public record MqttLink(Optional<String> session, Instant since) {}

    /** A device never seen before. */
    public static Presence unknown(String deviceId) {
        return new Presence(deviceId, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    public boolean online() {
        return socket.isPresent() || mqtt.isPresent();
    }
}
