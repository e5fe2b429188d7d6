package io.doorlock.gatewaybase.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.doorlock.common.envelope.Envelope;
import io.doorlock.common.json.JsonCodec;
import io.doorlock.gatewaybase.connection.BroadcastFrame;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A frame sent to many clients is encoded once per transport, and each encoding is what the client got before, when
 * every Socket.IO recipient parsed the plain frame again and re-serialized it.
 */
class BroadcastEncodingTest {

    static final JsonCodec CODEC = new JsonCodec();

    static Map<String, Object> data() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("commandId", "c-1 \"quoted\" é");
        data.put("status", "executed");
        data.put("revision", 4);
        data.put("battery", 85.5);
        data.put("tags", List.of("a", "b"));
        data.put("nested", Map.of("ok", true));
        return data;
    }

    @Test
    void thePlainTextIsTheEnvelopeAsEveryFrameIsEncoded() {
        BroadcastFrame frame = BroadcastFrame.of("command_status", CODEC.encode(data()));

        assertThat(frame.text()).isEqualTo(CODEC.encode(Envelope.of("command_status", CODEC.toTree(data()))));
    }

    @Test
    void theSocketIoMessageIsWhatReEncodingThePlainFrameGaveAndIsBuiltOnceForAllRecipients() throws Exception {
        BroadcastFrame frame = BroadcastFrame.of("command_status", CODEC.encode(data()));
        JsonNode plain = CODEC.readTree(frame.text());
        ArrayNode args = CODEC.mapper().createArrayNode().add(plain.get("event").textValue()).add(plain.get("data"));
        String before = "4" + new SocketIoPacket(SocketIoPacket.EVENT, "/", Optional.empty(), Optional.of(args.toString())).encode();

        String first = frame.encodedOnce(SocketIoConnection::engineMessage);
        String second = frame.encodedOnce(SocketIoConnection::engineMessage);

        assertThat(first).isEqualTo(before).startsWith("42[\"command_status\",{");
        assertThat(second).as("the same string for every recipient").isSameAs(first);
    }
}
