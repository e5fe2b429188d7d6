package io.doorlock.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorOptionsTest {

    @Test
    void defaultsAndEveryOption() {
        SimulatorOptions defaults = SimulatorOptions.parse("--register");
        assertThat(defaults.devices()).isEqualTo(5);
        assertThat(defaults.transport()).isEqualTo(SimulatorOptions.Transport.WS);
        assertThat(defaults.heartbeat()).isEqualTo(Duration.ofSeconds(30));

        SimulatorOptions all = SimulatorOptions.parse("--devices", "200", "--transport", "both", "--device-url", "http://gw:9/",
                "--mqtt", "broker:8883", "--credentials", "fleet.csv", "--heartbeat", "500ms", "--events-per-minute", "6",
                "--photo-every", "5m", "--failure-ratio", "0.1", "--ack-latency", "1s", "--duration", "1h", "--seed", "7");
        assertThat(all.devices()).isEqualTo(200);
        assertThat(all.transport()).isEqualTo(SimulatorOptions.Transport.BOTH);
        assertThat(all.deviceUrl()).isEqualTo("http://gw:9");
        assertThat(all.mqttHost()).isEqualTo("broker");
        assertThat(all.mqttPort()).isEqualTo(8883);
        assertThat(all.credentials()).contains(Path.of("fleet.csv"));
        assertThat(all.heartbeat()).isEqualTo(Duration.ofMillis(500));
        assertThat(all.photoEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(all.failureRatio()).isEqualTo(0.1);
        assertThat(all.duration()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> SimulatorOptions.parse()).hasMessageContaining("--register");
        assertThatThrownBy(() -> SimulatorOptions.parse("--register", "--devices", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SimulatorOptions.parse("--register", "--failure-ratio", "2")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SimulatorOptions.parse("--register", "--heartbeat", "soon")).hasMessageContaining("duration");
        assertThatThrownBy(() -> SimulatorOptions.parse("--register", "--teleport", "x")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SimulatorOptions.parse("--register", "--devices")).hasMessageContaining("needs a value");
    }

    @Test
    void credentialsFilesRoundTrip(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.csv");
        Fleet.write(file, List.of(new Fleet.Device("door-1", "t1"), new Fleet.Device("door-2", "t2")));
        assertThat(Fleet.read(file)).containsExactly(new Fleet.Device("door-1", "t1"), new Fleet.Device("door-2", "t2"));
        Files.writeString(file, "door-3\n");
        assertThatThrownBy(() -> Fleet.read(file)).hasMessageContaining("deviceId,token");
    }
}
