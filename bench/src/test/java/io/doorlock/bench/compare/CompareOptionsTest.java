package io.doorlock.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompareOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsDriveDoorlocksDefaultRun() {
        CompareOptions options = CompareOptions.parse(new String[0], ROOT);

        assertThat(options.dialect()).isEqualTo(Dialect.DOORLOCK);
        assertThat(options.url()).isEqualTo("http://127.0.0.1:8080");
        assertThat(options.deviceUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(options.devices()).isEqualTo(200);
        assertThat(options.dashboards()).isEqualTo(20);
        assertThat(options.rates()).containsExactly(25.0, 50.0, 100.0, 200.0, 400.0);
        assertThat(options.length()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.withDescendants()).isTrue();
        assertThat(options.accounts()).isEqualTo(ROOT.resolve("bench/target/compare-accounts.csv"));
    }

    @Test
    void theSeedTakesDevicesAndDashboardsOnOneUrlWithGivenCredentials() {
        CompareOptions options = CompareOptions.parse(new String[] {"--target", "seed", "--url", "http://127.0.0.1:5000",
                "--user", "admin@example.com", "--password", "secret", "--rates", "25,400", "--pids", "41,42", "--descendants", "false"}, ROOT);

        assertThat(options.dialect()).isEqualTo(Dialect.SEED);
        assertThat(options.deviceUrl()).isEqualTo("http://127.0.0.1:5000");
        assertThat(options.user()).hasValue("admin@example.com");
        assertThat(options.rates()).containsExactly(25.0, 400.0);
        assertThat(options.pids()).isEqualTo(List.of(41L, 42L));
        assertThat(options.withDescendants()).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndDevicesThatDoNotSplitEvenly() {
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--rate", "25"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --rate");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--devices", "205"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of --dashboards");
        assertThatThrownBy(() -> CompareOptions.parse(new String[] {"--seconds"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
