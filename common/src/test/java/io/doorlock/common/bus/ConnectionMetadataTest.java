package io.doorlock.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.json.JsonCodec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The holder's gateway id travels with {@code device_connected}, and metadata written before the field still decodes. */
class ConnectionMetadataTest {

    static final JsonCodec CODEC = new JsonCodec();

    @Test
    void metadataWithoutAGatewayIdStillDecodes() {
        ConnectionMetadata old = CODEC.decode("{\"socketId\":\"c-1\",\"source\":\"websocket\"}", ConnectionMetadata.class);
        assertThat(old.gatewayId()).isEmpty();
        assertThat(old.socketId()).contains("c-1");
    }

    @Test
    void theGatewayIdIsCarriedAndLeftOutWhenAbsent() {
        ConnectionMetadata metadata = new ConnectionMetadata(Optional.empty(), Optional.empty(), Optional.of("c-1"), Transport.WEBSOCKET);
        assertThat(CODEC.encode(metadata)).doesNotContain("gatewayId");
        String json = CODEC.encode(metadata.withGatewayId(Optional.of("gw-b")));
        assertThat(CODEC.decode(json, ConnectionMetadata.class).gatewayId()).contains("gw-b");
    }
}
