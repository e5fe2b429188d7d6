package io.doorlock.gatewaybase.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameIdsTest {

    final JsonFactory json = new JsonFactory();

    @Test
    void readsTheRequestIdAndTheCommandIdWhereverTheyStand() {
        FrameIds ids = FrameIds.of("{\"data\":{\"payload\":{\"commandId\":\"inner\"},\"commandId\":\"c-1\"},\"event\":\"send_command\",\"id\":\"r-1\"}", json);
        assertThat(ids).isEqualTo(new FrameIds(Optional.of("r-1"), Optional.of("c-1")));
    }

    @Test
    void namesNothingTheValidatorWouldNotAccept() {
        assertThat(FrameIds.of("not json", json)).isEqualTo(FrameIds.NONE);
        assertThat(FrameIds.of("{\"id\":42}", json)).isEqualTo(FrameIds.NONE);
        assertThat(FrameIds.of("{\"id\":\"" + "x".repeat(129) + "\"}", json)).isEqualTo(FrameIds.NONE);
        assertThat(FrameIds.of("{\"id\":\"r-2\",\"data\":", json).requestId()).contains("r-2");
    }
}
