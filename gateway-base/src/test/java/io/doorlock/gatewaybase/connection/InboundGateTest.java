package io.doorlock.gatewaybase.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InboundGateTest {

    final AtomicLong now = new AtomicLong(0);

    @Test
    void framesOverTheRateAreRateLimitedAndAFloodIsClosed() {
        InboundGate gate = InboundGate.limited("test", new FloodGuard(2, 1.0, 3, now::get), 100);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
        // Every refused frame is a verdict of its own to answer, not only the first of each second.
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.RATE_LIMITED);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.RATE_LIMITED);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.CLOSE);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.RATE_LIMITED);
    }

    @Test
    void aFrameFindingTooManyWaitingIsBusyUntilOneIsHandled() {
        InboundGate gate = InboundGate.waitingOnly("test", 2);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.BUSY);
        assertThat(gate.waiting()).isEqualTo(2);
        gate.handled();
        assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
    }

    @Test
    void theRateIsTheClientsOwnWhateverTheHandlersSpeed() {
        // Within the rate at arrival: a backlog the handler then takes in a rush is never refused for the rate.
        InboundGate gate = InboundGate.limited("test", new FloodGuard(2, 1.0, 3, now::get), 100);
        for (int i = 0; i < 10; i++) {
            assertThat(gate.arrive()).isEqualTo(InboundGate.Verdict.HANDLE);
            now.addAndGet(1_000_000_000L);
        }
        assertThat(gate.waiting()).isEqualTo(10);
    }
}
