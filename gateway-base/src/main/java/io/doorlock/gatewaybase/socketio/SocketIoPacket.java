package io.doorlock.gatewaybase.socketio;

import java.util.Optional;

/**
 * One Socket.IO v5 packet: {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]}, carried inside an
 * Engine.IO "message" packet ({@code 4...}).
 *
 * @param type CONNECT 0, DISCONNECT 1, EVENT 2, ACK 3, CONNECT_ERROR 4, BINARY_EVENT 5, BINARY_ACK 6
 * @param namespace {@code /} for the main namespace
 * @param ackId the acknowledgement id, when the sender wants an ACK
 * @param json the payload as JSON text (an array for EVENT and ACK, an object for CONNECT), if any
 */
public record SocketIoPacket(int type, String namespace, Optional<Long> ackId, Optional<String> json) {

    public static final int CONNECT = 0;
    public static final int DISCONNECT = 1;
    public static final int EVENT = 2;
    public static final int ACK = 3;
    public static final int CONNECT_ERROR = 4;
    public static final int BINARY_EVENT = 5;
    public static final int BINARY_ACK = 6;

    /** Reads a packet; empty when the text is not one. */
    public static Optional<SocketIoPacket> parse(String text) {
        if (text == null || text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
            return Optional.empty();
        }
        int type = text.charAt(0) - '0';
        int i = 1;
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            int dash = text.indexOf('-', i);
            if (dash < 0) {
                return Optional.empty();
            }
            i = dash + 1;
        }
        String namespace = "/";
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
            i = comma < 0 ? text.length() : comma + 1;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 18) {
            digits++;
        }
        Optional<Long> ackId = digits > i ? Optional.of(Long.parseLong(text.substring(i, digits))) : Optional.empty();
        String rest = text.substring(digits);
        return Optional.of(new SocketIoPacket(type, namespace, ackId, rest.isEmpty() ? Optional.empty() : Optional.of(rest)));
    }

    /** The packet's text form. */
    public String encode() {
        StringBuilder out = new StringBuilder().append(type);
        if (!"/".equals(namespace)) {
            out.append(namespace).append(',');
        }
        ackId.ifPresent(out::append);
        json.ifPresent(out::append);
        return out.toString();
    }
}
