package io.doorlock.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOverAHundredSamplesInAnyOrder() {
        List<Duration> samples = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            samples.add(Duration.ofMillis(ms));
        }
        Collections.shuffle(samples);

        Percentiles percentiles = Percentiles.of(samples).orElseThrow();

        assertThat(percentiles.count()).isEqualTo(100);
        assertThat(percentiles.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(percentiles.p95()).isEqualTo(Duration.ofMillis(95));
        assertThat(percentiles.p99()).isEqualTo(Duration.ofMillis(99));
        assertThat(percentiles.max()).isEqualTo(Duration.ofMillis(100));
        assertThat(percentiles.millis()).isEqualTo("50 / 95 / 99 / 100 ms");
    }

    @Test
    void oneSlowSampleInTenShowsAtP95() {
        List<Duration> samples = new ArrayList<>(Collections.nCopies(9, Duration.ofMillis(2)));
        samples.add(Duration.ofSeconds(7));

        Percentiles percentiles = Percentiles.of(samples).orElseThrow();

        assertThat(percentiles.p50()).isEqualTo(Duration.ofMillis(2));
        assertThat(percentiles.p95()).isEqualTo(Duration.ofSeconds(7));
        assertThat(percentiles.millis()).isEqualTo("2.0 / 7000 / 7000 / 7000 ms");
    }

    @Test
    void noSamplesNoPercentiles() {
        assertThat(Percentiles.of(List.of())).isEmpty();
    }
}
