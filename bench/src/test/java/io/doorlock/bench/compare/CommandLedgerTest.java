package io.doorlock.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLedgerTest {

    private Instant now = Instant.parse("2026-03-14T09:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void countsWhatBecameOfEachSend() {
        CommandLedger ledger = new CommandLedger(clock);
        ledger.sent("a");
        ledger.sent("b");
        ledger.sent("c");
        ledger.sent("d");
        now = now.plusMillis(5);
        ledger.answered("a", "queued");
        ledger.answered("b", "queued");
        ledger.answered("c", "RATE_LIMITED");
        now = now.plusMillis(5);
        ledger.reachedDevice("a");
        ledger.reachedDevice("b");
        now = now.plusMillis(10);
        ledger.executed("a");
        now = now.plusMillis(30);
        ledger.executed("a"); // a repeat keeps the first moment
        ledger.executed("unknown");

        assertThat(ledger.settled()).isFalse();
        StepFigures figures = ledger.figures(2, Duration.ofSeconds(2));

        assertThat(figures.sent()).isEqualTo(4);
        assertThat(figures.queued()).isEqualTo(2);
        assertThat(figures.refused()).isEqualTo(Map.of("RATE_LIMITED", 1L));
        assertThat(figures.unanswered()).isEqualTo(1);
        assertThat(figures.reachedDevice()).isEqualTo(2);
        assertThat(figures.executed()).isEqualTo(1);
        assertThat(figures.sendToDevice().orElseThrow().max()).isEqualTo(Duration.ofMillis(10));
        assertThat(figures.sendToExecuted().orElseThrow().p50()).isEqualTo(Duration.ofMillis(20));
        assertThat(figures.sustained()).isEqualTo(1.0); // 2 arrivals over the 2 s step
    }

    @Test
    void settledOnceEveryQueuedSendIsExecutedAndEveryOtherIsAnswered() {
        CommandLedger ledger = new CommandLedger(clock);
        ledger.sent("a");
        ledger.sent("b");
        ledger.answered("a", "queued");
        ledger.answered("b", "UNAVAILABLE");
        assertThat(ledger.settled()).isFalse();

        ledger.executed("a");

        assertThat(ledger.settled()).isTrue();
    }

    @Test
    void findsTheSendOfAServerChosenCommandIdOnceTheDeviceHasSeenIt() {
        CommandLedger ledger = new CommandLedger(clock);
        ledger.sent("key-1");
        assertThat(ledger.keyOf("server-7")).isEmpty();

        ledger.serverId("server-7", "key-1");

        assertThat(ledger.keyOf("server-7")).hasValue("key-1");
    }
}
