package io.doorlock.localrun.broker;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An MQTT 3.1 / 3.1.1 CONNECT packet, read from and written back to bytes, so that the {@link ConnectGate} can take
 * out a Will the client may not publish and seal the password. {@link #parse} takes the packet's body (everything
 * after the fixed header) and refuses anything malformed with an {@link IllegalArgumentException}.
 */
record ConnectPacket(String protocolName, int level, boolean cleanSession, int keepAlive, String clientId,
        Optional<Will> will, Optional<String> username, Optional<byte[]> password) {

    /** The Last Will: published by the broker when the connection dies without a DISCONNECT. */
    record Will(String topic, byte[] message, int qos, boolean retain) {}

    private static final int USERNAME = 0x80;
    private static final int PASSWORD = 0x40;
    private static final int WILL_RETAIN = 0x20;
    private static final int WILL_QOS = 0x18;
    private static final int WILL = 0x04;
    private static final int CLEAN_SESSION = 0x02;
    private static final int RESERVED = 0x01;

    /** The protocol level a CONNECT body announces: 3 is MQTT 3.1, 4 is 3.1.1, 5 is MQTT 5. */
    static int protocolLevel(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            string(in);
            return Byte.toUnsignedInt(in.get());
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated CONNECT", e);
        }
    }

    static ConnectPacket parse(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            String protocolName = string(in);
            int level = Byte.toUnsignedInt(in.get());
            int flags = Byte.toUnsignedInt(in.get());
            int keepAlive = Short.toUnsignedInt(in.getShort());
            boolean hasWill = (flags & WILL) != 0;
            if ((flags & RESERVED) != 0 || (!hasWill && (flags & (WILL_QOS | WILL_RETAIN)) != 0) || (flags & WILL_QOS) == WILL_QOS
                    || ((flags & PASSWORD) != 0 && (flags & USERNAME) == 0 && level == 4)) {
                throw new IllegalArgumentException("invalid CONNECT flags " + Integer.toHexString(flags));
            }
            String clientId = string(in);
            Optional<Will> will = hasWill
                    ? Optional.of(new Will(string(in), binary(in), (flags & WILL_QOS) >> 3, (flags & WILL_RETAIN) != 0))
                    : Optional.empty();
            Optional<String> username = (flags & USERNAME) != 0 ? Optional.of(string(in)) : Optional.empty();
            Optional<byte[]> password = (flags & PASSWORD) != 0 ? Optional.of(binary(in)) : Optional.empty();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("trailing bytes after CONNECT payload");
            }
            return new ConnectPacket(protocolName, level, (flags & CLEAN_SESSION) != 0, keepAlive, clientId, will, username, password);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated CONNECT", e);
        }
    }

    ConnectPacket withoutWill() {
        return new ConnectPacket(protocolName, level, cleanSession, keepAlive, clientId, Optional.empty(), username, password);
    }

    ConnectPacket withPassword(Optional<byte[]> password) {
        return new ConnectPacket(protocolName, level, cleanSession, keepAlive, clientId, will, username, password);
    }

    /** The whole packet: fixed header, remaining length, body. */
    byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolName);
        body.write(level);
        int flags = (cleanSession ? CLEAN_SESSION : 0) | (username.isPresent() ? USERNAME : 0) | (password.isPresent() ? PASSWORD : 0)
                | will.map(w -> WILL | (w.qos() << 3) | (w.retain() ? WILL_RETAIN : 0)).orElse(0);
        body.write(flags);
        body.write(keepAlive >> 8);
        body.write(keepAlive & 0xFF);
        writeString(body, clientId);
        will.ifPresent(w -> {
            writeString(body, w.topic());
            writeBinary(body, w.message());
        });
        username.ifPresent(u -> writeString(body, u));
        password.ifPresent(p -> writeBinary(body, p));
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static String string(ByteBuffer in) {
        return new String(binary(in), StandardCharsets.UTF_8);
    }

    private static byte[] binary(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return bytes;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        writeBinary(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBinary(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.writeBytes(bytes);
    }
}
