package io.doorlock.common.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The bus signature: what the producer's key signed verifies, and any change to it, or any other key, does not. */
class BusSignatureTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    static final String JSON = "{\"id\":\"m-1\",\"type\":\"command.requested\",\"producer\":\"dashboard-gateway\",\"data\":{\"note\":\"a,\\\"sig\\\":\\\"x\"}}";

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSignedMessageIsStillJsonAndVerifiesWithItsProducersKey() {
        byte[] signed = BusSignature.sign(bytes(JSON), "dashboard-gateway.1", KEY);
        String text = new String(signed, StandardCharsets.UTF_8);
        assertThat(text).startsWith(JSON.substring(0, JSON.length() - 1) + ",\"sig\":\"dashboard-gateway.1:").endsWith("\"}");

        BusSignature.Parts parts = BusSignature.parts(signed).orElseThrow();
        assertThat(new String(parts.signed(), StandardCharsets.UTF_8)).isEqualTo(JSON);
        assertThat(parts.keyId()).isEqualTo("dashboard-gateway.1");
        assertThat(BusSignature.producerOf(parts.keyId())).isEqualTo("dashboard-gateway");
        assertThat(BusSignature.verify(parts, KEY)).isTrue();
        assertThat(BusSignature.verify(parts, OTHER_KEY)).isFalse();
    }

    @Test
    void anyChangedByteBreaksTheSignature() {
        byte[] signed = BusSignature.sign(bytes(JSON), "dashboard-gateway.1", KEY);
        for (int i = 0; i < JSON.length() - 1; i++) {
            byte[] tampered = Arrays.copyOf(signed, signed.length);
            tampered[i] ^= 0x01;
            boolean holds = BusSignature.parts(tampered).map(p -> BusSignature.verify(p, KEY)).orElse(false);
            assertThat(holds).as("byte %d changed", i).isFalse();
        }
    }

    @Test
    void aMessageWithoutAWellFormedSignatureHasNoParts() {
        assertThat(BusSignature.parts(bytes(JSON))).as("unsigned").isEmpty();
        assertThat(BusSignature.parts(bytes("{\"a\":1,\"sig\":\"dashboard-gateway.1:short\"}"))).as("short MAC").isEmpty();
        assertThat(BusSignature.parts(bytes("{\"a\":1,\"sig\":\"NoDot:" + "A".repeat(43) + "\"}"))).as("bad key id").isEmpty();
        assertThat(BusSignature.parts(new byte[0])).isEmpty();
        assertThat(BusSignature.parts(bytes("not json at all"))).isEmpty();
    }

    @Test
    void aSignatureMovedToAnotherMessageDoesNotHold() {
        byte[] signed = BusSignature.sign(bytes(JSON), "dashboard-gateway.1", KEY);
        String sig = new String(signed, StandardCharsets.UTF_8).substring(JSON.length() - 1);
        byte[] moved = bytes("{\"id\":\"m-2\",\"type\":\"command.requested\"" + sig);
        assertThat(BusSignature.verify(BusSignature.parts(moved).orElseThrow(), KEY)).isFalse();
    }

    @Test
    void onlyAJsonObjectCanBeSigned() {
        assertThatThrownBy(() -> BusSignature.sign(bytes("[1,2]"), "dashboard-gateway.1", KEY)).isInstanceOf(IllegalArgumentException.class);
    }
}
