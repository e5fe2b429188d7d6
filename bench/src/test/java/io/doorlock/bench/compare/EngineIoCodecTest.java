package io.doorlock.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.bench.compare.SocketIoPacket.Kind;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EngineIoCodecTest {

    @Test
    void writesConnectEventsAndEventsWithAnAckId() {
        assertThat(EngineIoCodec.connect(new JsonObject().put("token", "t").put("clientType", "device")))
                .isEqualTo("40{\"token\":\"t\",\"clientType\":\"device\"}");
        assertThat(EngineIoCodec.event("command_ack", new JsonObject().put("status", "received")))
                .isEqualTo("42[\"command_ack\",{\"status\":\"received\"}]");
        assertThat(EngineIoCodec.event(7, "send_command", new JsonObject().put("deviceId", "d1")))
                .isEqualTo("427[\"send_command\",{\"deviceId\":\"d1\"}]");
        assertThat(EngineIoCodec.PONG).isEqualTo("3");
    }

    @Test
    void readsEngineIoPackets() {
        assertThat(EngineIoCodec.decode("0{\"sid\":\"abc\",\"pingInterval\":25000}").kind()).isEqualTo(Kind.OPEN);
        assertThat(EngineIoCodec.decode("2").kind()).isEqualTo(Kind.PING);
        assertThat(EngineIoCodec.decode("1").kind()).isEqualTo(Kind.CLOSE);
        assertThat(EngineIoCodec.decode("6").kind()).isEqualTo(Kind.OTHER);
        assertThat(EngineIoCodec.decode("").kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void readsConnectAndItsRefusal() {
        SocketIoPacket connected = EngineIoCodec.decode("40{\"sid\":\"s1\"}");
        assertThat(connected.kind()).isEqualTo(Kind.CONNECT);
        assertThat(connected.args().getJsonObject(0).getString("sid")).isEqualTo("s1");

        SocketIoPacket refused = EngineIoCodec.decode("44{\"message\":\"unknown device or wrong token\"}");
        assertThat(refused.kind()).isEqualTo(Kind.CONNECT_ERROR);
        assertThat(refused.args().getJsonObject(0).getString("message")).isEqualTo("unknown device or wrong token");
        assertThat(EngineIoCodec.decode("41").kind()).isEqualTo(Kind.DISCONNECT);
    }

    @Test
    void readsEventsWithTheirNameAndAcksWithTheirId() {
        SocketIoPacket event = EngineIoCodec.decode("42[\"unlock_door\",{\"commandId\":\"c1\",\"duration\":5000}]");
        assertThat(event.kind()).isEqualTo(Kind.EVENT);
        assertThat(event.name()).isEqualTo("unlock_door");
        assertThat(event.ackId()).isEmpty();
        assertThat(event.args().getJsonObject(1).getString("commandId")).isEqualTo("c1");

        SocketIoPacket ack = EngineIoCodec.decode("4312[{\"success\":false,\"error\":{\"code\":\"RATE_LIMITED\"}}]");
        assertThat(ack.kind()).isEqualTo(Kind.ACK);
        assertThat(ack.ackId()).hasValue(12);
        assertThat(ack.args().getJsonObject(0).getJsonObject("error").getString("code")).isEqualTo("RATE_LIMITED");
        assertThat(ack.name()).isEmpty();
    }

    @Test
    void skipsANamespaceBeforeTheAckId() {
        SocketIoPacket ack = EngineIoCodec.decode("43/admin,5[{\"success\":true}]");
        assertThat(ack.kind()).isEqualTo(Kind.ACK);
        assertThat(ack.ackId()).hasValue(5);
    }
}
