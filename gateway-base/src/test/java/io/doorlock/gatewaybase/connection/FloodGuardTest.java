package io.doorlock.gatewaybase.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FloodGuardTest {

    final AtomicLong now = new AtomicLong(0);

    @Test
    void aBurstPassesThenFramesAreRefusedWithOneWarningPerSecond() {
        FloodGuard guard = new FloodGuard(3, 1.0, 100, now::get);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.ACCEPT);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.ACCEPT);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.ACCEPT);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.REFUSE_AND_WARN);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.REFUSE);
        now.addAndGet(1_000_000_000L); // one second: one token back, and a new warning allowed
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.ACCEPT);
        assertThat(guard.check()).isEqualTo(FloodGuard.Verdict.REFUSE_AND_WARN);
    }

    @Test
    void aPersistentFloodIsClosedButANormalDeviceNeverIs() {
        FloodGuard flood = new FloodGuard(2, 1.0, 5, now::get);
        flood.check();
        flood.check();
        FloodGuard.Verdict last = null;
        for (int i = 0; i < 5; i++) {
            last = flood.check();
        }
        assertThat(last).isEqualTo(FloodGuard.Verdict.CLOSE);
        // Frames still in flight after that are refused; the close is said once (one log line, one count, one close).
        assertThat(flood.check()).isEqualTo(FloodGuard.Verdict.REFUSE);
        assertThat(flood.check()).isEqualTo(FloodGuard.Verdict.REFUSE);

        FloodGuard normal = new FloodGuard(2, 1.0, 5, now::get);
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(2_000_000_000L); // one frame every two seconds
            assertThat(normal.check()).isEqualTo(FloodGuard.Verdict.ACCEPT);
        }
    }
}
