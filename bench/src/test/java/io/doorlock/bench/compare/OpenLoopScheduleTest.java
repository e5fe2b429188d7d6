package io.doorlock.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    private static final Instant START = Instant.parse("2026-03-14T09:00:00Z");

    @Test
    void spacesSendsEvenlyFromTheStart() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(25, START, Duration.ofSeconds(20));

        assertThat(schedule.count()).isEqualTo(500);
        assertThat(schedule.due(0)).isEqualTo(START);
        assertThat(schedule.due(1)).isEqualTo(START.plusMillis(40));
        assertThat(schedule.due(499)).isEqualTo(START.plusMillis(19_960));
    }

    @Test
    void aFractionalRateStillEndsBeforeTheStepDoes() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(2.5, START, Duration.ofSeconds(1));

        assertThat(schedule.count()).isEqualTo(3); // at 0, 400 and 800 ms
        assertThat(schedule.due(2)).isEqualTo(START.plusMillis(800));
    }

    @Test
    void sendsThatAreDueDoNotWaitForAnswers() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(400, START, Duration.ofSeconds(60));

        assertThat(schedule.dueBy(START.minusMillis(1))).isZero();
        assertThat(schedule.dueBy(START)).isEqualTo(1);
        assertThat(schedule.dueBy(START.plusMillis(1_000))).isEqualTo(401); // a driver that stalled a second owes 401 sends
        assertThat(schedule.dueBy(START.plusSeconds(3_600))).isEqualTo(24_000);
    }

    @Test
    void refusesARateThatIsNotPositive() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, START, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
