package io.doorlock.devicegateway.presence;

import io.doorlock.devicegateway.presence.PresenceChange.MqttDown;
import io.doorlock.devicegateway.presence.PresenceChange.MqttUp;
import io.doorlock.devicegateway.presence.PresenceChange.Silent;
import io.doorlock.devicegateway.presence.PresenceChange.SocketDown;
import io.doorlock.devicegateway.presence.PresenceChange.SocketUp;
import java.util.Optional;
import java.time.Instant;

/**
 * The connection manager's rules as a pure function: the presence before, a change, the presence after and what it
 * meant. No I/O, so every case is unit-tested; {@link PresenceStore} applies the result atomically.
 */
public final class PresenceRules {

    /**
     * The result of applying a change. {@code write}: the stored presence must change.
     */
    public record Outcome(Presence before, Presence after, PresenceTransition transition) {
        public boolean write() {
            return after != before;
        }
    }

    public static final String HEARTBEAT_TIMEOUT = "heartbeat_timeout";

    private PresenceRules() {}

    public static Outcome apply(Presence before, PresenceChange change) {
        Presence after = next(before, change);
        return new Outcome(before, after, transition(before, after));
    }

    private static Presence next(Presence before, PresenceChange change) {
        if (change instanceof SocketUp up) {
            return with(before, Optional.of(new Presence.SocketLink(up.gatewayId(), up.connectionId(), up.at())), before.mqtt(), up.at(), Optional.empty());
        }
        if (change instanceof SocketDown down) {
            return before.socket().filter(s -> s.connectionId().equals(down.connectionId())).isPresent()
                    ? with(before, Optional.empty(), before.mqtt(), down.at(), Optional.of(down.reason()))
                    : before;
        }
        if (change instanceof MqttUp up) {
            return before.mqtt().filter(m -> m.session().equals(up.session())).isPresent()
                    ? before
                    : with(before, before.socket(), Optional.of(new Presence.MqttLink(up.session(), up.at())), up.at(), Optional.empty());
        }
        if (change instanceof MqttDown down) {
            return before.mqtt().filter(m -> down.session().isEmpty() || m.session().isEmpty() || m.session().equals(down.session())).isPresent()
                    ? with(before, before.socket(), Optional.empty(), down.at(), Optional.of(down.reason()))
                    : before;
        }
        Silent silent = (Silent) change;
        return before.online() && before.lastSeen().map(seen -> seen.isBefore(silent.cutoff())).orElse(true)
                ? with(before, Optional.empty(), Optional.empty(), silent.at(), Optional.of(HEARTBEAT_TIMEOUT))
                : before;
    }

    private static Presence with(Presence before, Optional<Presence.SocketLink> socket, Optional<Presence.MqttLink> mqtt,
            Instant at, Optional<String> reason) {
        boolean online = socket.isPresent() || mqtt.isPresent();
        Optional<Instant> connectedAt = online
                ? (before.online() ? before.connectedAt() : Optional.of(at))
                : before.connectedAt();
        Optional<Instant> lastSeen = seenWhenLinked(before, at, socket, mqtt);
        Optional<String> offlineReason = online ? Optional.empty() : reason.or(before::offlineReason);
        return new Presence(before.deviceId(), socket, mqtt, connectedAt, lastSeen, offlineReason, before.revision() + 1);
    }

    /** A link coming up counts as being seen; a link going down does not move lastSeen. */
    private static Optional<Instant> seenWhenLinked(Presence before, Instant at,
            Optional<Presence.SocketLink> socket, Optional<Presence.MqttLink> mqtt) {
        Optional<Instant> seen = before.lastSeen();
        boolean linkAdded = (socket.isPresent() && !socket.equals(before.socket())) || (mqtt.isPresent() && !mqtt.equals(before.mqtt()));
        if (!linkAdded) {
            return seen;
        }
        return Optional.of(seen.filter(s -> s.isAfter(at)).orElse(at));
    }

    private static PresenceTransition transition(Presence before, Presence after) {
        if (after == before) {
            return PresenceTransition.NONE;
        }
        if (!before.online() && after.online()) {
            return PresenceTransition.CAME_ONLINE;
        }
        if (before.online() && !after.online()) {
            return PresenceTransition.WENT_OFFLINE;
        }
        boolean sameLinks = before.socket().isPresent() == after.socket().isPresent() && before.mqtt().isPresent() == after.mqtt().isPresent();
        if (!sameLinks) {
            return PresenceTransition.LINKS_CHANGED;
        }
        boolean socketReplaced = before.socket().isPresent() && after.socket().isPresent()
                && !before.socket().get().connectionId().equals(after.socket().get().connectionId());
        boolean sessionReplaced = before.mqtt().isPresent() && after.mqtt().isPresent()
                && !before.mqtt().get().session().equals(after.mqtt().get().session());
        return socketReplaced || sessionReplaced ? PresenceTransition.RECONNECTED : PresenceTransition.NONE;
    }
}
