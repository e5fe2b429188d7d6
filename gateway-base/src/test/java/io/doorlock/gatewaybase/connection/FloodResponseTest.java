package io.doorlock.gatewaybase.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.base.ws.Frames;
import io.doorlock.common.json.JsonCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodResponseTest {

    final AtomicLong now = new AtomicLong(0);
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final FloodResponse response = new FloodResponse(new Frames(new JsonCodec()), metrics, "test-ws");
    final RecordingConnection connection = new RecordingConnection();
    final AtomicInteger closings = new AtomicInteger();

    @Test
    void refusedFramesAreCountedAnsweredAsRefusedAndWarnedOnce() {
        FloodGuard guard = new FloodGuard(1, 1.0, 100, now::get);
        assertThat(response.admit(guard, connection, closings::incrementAndGet)).isTrue();
        assertThat(connection.sent).isEmpty();

        assertThat(response.admit(guard, connection, closings::incrementAndGet)).isFalse();
        assertThat(response.admit(guard, connection, closings::incrementAndGet)).isFalse();
        assertThat(connection.refusals).containsExactly("RATE_LIMITED", "RATE_LIMITED");
        assertThat(connection.sent).hasSize(1).first().asString()
                .contains("\"event\":\"error\"").contains("\"code\":\"RATE_LIMITED\"").contains(FloodResponse.SLOW_DOWN);
        assertThat(metrics.counter("doorlock_rate_limited_frames_total", "endpoint", "test-ws").count()).isEqualTo(2.0);
        assertThat(connection.closes).isEmpty();
        assertThat(closings).hasValue(0);
    }

    @Test
    void aClientThatKeepsFloodingIsClosedWith4429Once() {
        FloodGuard guard = new FloodGuard(1, 1.0, 3, now::get);
        for (int i = 0; i < 10; i++) {
            response.admit(guard, connection, closings::incrementAndGet);
        }
        assertThat(closings).hasValue(1);
        assertThat(connection.closes).singleElement().satisfies(reason -> assertThat(reason.getCode()).isEqualTo(4429));
        assertThat(metrics.counter("doorlock_rate_limited_connections_closed_total", "endpoint", "test-ws").count()).isEqualTo(1.0);
        assertThat(metrics.counter("doorlock_rate_limited_frames_total", "endpoint", "test-ws").count()).isEqualTo(9.0);
    }

    static final class RecordingConnection implements ClientConnection {
        final List<String> sent = new ArrayList<>();
        final List<String> refusals = new ArrayList<>();
        final List<CloseReason> closes = new ArrayList<>();

        @Override
        public String id() {
            return "c1";
        }

        @Override
        public void refused(String code, String message) {
            refusals.add(code);
        }

        @Override
        public boolean isOpen() {
            return closes.isEmpty();
        }

        @Override
        public Uni<Void> sendText(String frame) {
            sent.add(frame);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> close(CloseReason reason) {
            closes.add(reason);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Optional<CloseReason> closeReason() {
            return closes.stream().findFirst();
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> queryParam(String name) {
            return Optional.empty();
        }

        @Override
        public Optional<String> remoteAddress() {
            return Optional.empty();
        }

        @Override
        public String protocol() {
            return "test";
        }
    }
}
