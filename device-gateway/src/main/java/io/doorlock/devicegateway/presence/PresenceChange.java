package io.doorlock.devicegateway.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Something that happened to one of a device's links. Applied by {@link PresenceRules}. */
public sealed interface PresenceChange {

    Instant at();

    /** A WebSocket was authenticated on {@code gatewayId}; it replaces any older socket of the device. */
    record SocketUp(String gatewayId, String connectionId, Instant at) implements PresenceChange {}

    /** The WebSocket {@code connectionId} closed. Ignored when the device's socket is already a newer one. */
    record SocketDown(String connectionId, String reason, Instant at) implements PresenceChange {}

    /** The device said {@code online} over MQTT (or sent anything over MQTT while we thought it had no session). */
    record MqttUp(Optional<String> session, Instant at) implements PresenceChange {}

    /**
     * The device said {@code offline} over MQTT (usually its Last Will). Ignored when it names a session other than
     * the current one: the Will of a dead session must not take down the session that replaced it. A Will without a
     * session, or a link whose session we never learnt, always matches.
     */
    record MqttDown(Optional<String> session, String reason, Instant at) implements PresenceChange {}

    /** Nothing heard from the device on any link for {@code timeout}: every link is dropped. */
    record Silent(Duration timeout, Instant at) implements PresenceChange {
        public Instant cutoff() {
            return at.minus(timeout);
        }
    }
}
