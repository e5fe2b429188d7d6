package io.doorlock.bench.compare;

import io.vertx.core.json.JsonArray;
import java.util.OptionalLong;

/**
 * One Engine.IO v4 / Socket.IO v5 text packet as the benchmark's clients read it.
 *
 * @param kind what the packet is
 * @param ackId the acknowledgement id of an {@code EVENT} that wants an answer, or of an {@code ACK}
 * @param args the event name followed by its arguments ({@code EVENT}), the answer's arguments ({@code ACK}), or the
 *     one JSON object of a {@code CONNECT} / {@code CONNECT_ERROR}; empty otherwise
 */
record SocketIoPacket(Kind kind, OptionalLong ackId, JsonArray args) {

    /** The packet kinds the benchmark tells apart. */
    enum Kind {
        /** Engine.IO {@code 0}: the session is open. */
        OPEN,
        /** Engine.IO {@code 1}: the server closes the session. */
        CLOSE,
        /** Engine.IO {@code 2}: a ping, to be answered with {@code 3}. */
        PING,
        /** Socket.IO {@code 40}: the namespace is connected. */
        CONNECT,
        /** Socket.IO {@code 41}: the server disconnects the client. */
        DISCONNECT,
        /** Socket.IO {@code 42}: an event. */
        EVENT,
        /** Socket.IO {@code 43}: the answer to an event sent with an ack id. */
        ACK,
        /** Socket.IO {@code 44}: the connection was refused. */
        CONNECT_ERROR,
        /** Anything else (pong, noop, binary): ignored. */
        OTHER
    }

    /** The event name of an {@code EVENT}, or an empty string. */
    String name() {
        return kind == Kind.EVENT && !args.isEmpty() && args.getValue(0) instanceof String name ? name : "";
    }
}
