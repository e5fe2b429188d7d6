package io.doorlock.bench.compare;

import io.doorlock.bench.compare.SocketIoPacket.Kind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;

/**
 * Writes and reads the few Engine.IO v4 / Socket.IO v5 text packets a WebSocket-only client needs: {@code 40{auth}},
 * {@code 42["name",data]}, {@code 42<id>["name",data]}, the pong {@code 3}; and in the other direction {@code 0},
 * {@code 2}, {@code 40}, {@code 41}, {@code 42}, {@code 43<id>[...]}, {@code 44{...}}. Binary packets are not spoken.
 */
final class EngineIoCodec {

    /** The answer to a ping. */
    static final String PONG = "3";

    private EngineIoCodec() {}

    /** CONNECT to the main namespace with {@code auth} as the handshake's auth payload. */
    static String connect(JsonObject auth) {
        return "40" + auth.encode();
    }

    /** An event that wants no answer. */
    static String event(String name, JsonObject data) {
        return "42" + new JsonArray().add(name).add(data).encode();
    }

    /** An event whose answer comes back as {@code 43<ackId>[...]}. */
    static String event(long ackId, String name, JsonObject data) {
        return "42" + ackId + new JsonArray().add(name).add(data).encode();
    }

    /** Reads one text frame; anything it does not know is {@link Kind#OTHER}. */
    static SocketIoPacket decode(String frame) {
        if (frame.isEmpty()) {
            return other();
        }
        switch (frame.charAt(0)) {
            case '0':
                return new SocketIoPacket(Kind.OPEN, OptionalLong.empty(), new JsonArray());
            case '1':
                return new SocketIoPacket(Kind.CLOSE, OptionalLong.empty(), new JsonArray());
            case '2':
                return new SocketIoPacket(Kind.PING, OptionalLong.empty(), new JsonArray());
            case '4':
                return frame.length() < 2 ? other() : socketIo(frame);
            default:
                return other();
        }
    }

    private static SocketIoPacket socketIo(String frame) {
        char type = frame.charAt(1);
        int at = 2;
        if (at < frame.length() && frame.charAt(at) == '/') { // a namespace other than "/": "/name,"
            int comma = frame.indexOf(',', at);
            at = comma < 0 ? frame.length() : comma + 1;
        }
        int digits = at;
        while (digits < frame.length() && Character.isDigit(frame.charAt(digits))) {
            digits++;
        }
        OptionalLong ackId = digits > at ? OptionalLong.of(Long.parseLong(frame.substring(at, digits))) : OptionalLong.empty();
        String body = frame.substring(digits);
        switch (type) {
            case '0':
                return new SocketIoPacket(Kind.CONNECT, ackId, object(body));
            case '1':
                return new SocketIoPacket(Kind.DISCONNECT, ackId, new JsonArray());
            case '2':
                return new SocketIoPacket(Kind.EVENT, ackId, body.isEmpty() ? new JsonArray() : new JsonArray(body));
            case '3':
                return new SocketIoPacket(Kind.ACK, ackId, body.isEmpty() ? new JsonArray() : new JsonArray(body));
            case '4':
                return new SocketIoPacket(Kind.CONNECT_ERROR, ackId, object(body));
            default:
                return other();
        }
    }

    private static JsonArray object(String body) {
        return body.isEmpty() ? new JsonArray() : new JsonArray().add(new JsonObject(body));
    }

    private static SocketIoPacket other() {
        return new SocketIoPacket(Kind.OTHER, OptionalLong.empty(), new JsonArray());
    }
}
