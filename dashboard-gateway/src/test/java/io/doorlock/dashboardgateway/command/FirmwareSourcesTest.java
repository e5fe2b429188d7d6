package io.doorlock.dashboardgateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The firmware host policy as an operator configures it. */
class FirmwareSourcesTest {

    static FirmwareSources allowing(String... hosts) {
        Optional<List<String>> configured = hosts.length == 0 ? Optional.empty() : Optional.of(List.of(hosts));
        return new FirmwareSources(() -> configured);
    }

    @Test
    void withNothingConfiguredEveryFirmwareUpdateIsRefusedAndTheAnswerSaysWhatToSet() {
        assertThat(allowing().refusal("https://fw.example.com/door-1.5.0.bin"))
                .hasValueSatisfying(why -> assertThat(why).contains("firmware updates are off")
                        .contains("doorlock.dashboard-gateway.firmware.allowed-hosts"));
    }

    @Test
    void anExactHostAllowsOnlyItselfInAnyCase() {
        FirmwareSources sources = allowing(" FW.example.com ");
        assertThat(sources.refusal("https://fw.example.com/a.bin")).isEmpty();
        assertThat(sources.refusal("https://Fw.Example.COM:8443/a.bin")).isEmpty();
        assertThat(sources.refusal("https://fw.example.com.evil.org/a.bin")).hasValue("host fw.example.com.evil.org is not an allowed firmware host");
        assertThat(sources.refusal("https://evil.fw.example.com/a.bin")).isPresent();
    }

    @Test
    void aWildcardAllowsEveryHostUnderTheDomainButNotTheDomainItself() {
        FirmwareSources sources = allowing("*.cdn.example.net");
        assertThat(sources.refusal("https://eu.cdn.example.net/a.bin")).isEmpty();
        assertThat(sources.refusal("https://a.b.cdn.example.net/a.bin")).isEmpty();
        assertThat(sources.refusal("https://cdn.example.net/a.bin")).isPresent();
        assertThat(sources.refusal("https://evilcdn.example.net/a.bin")).isPresent();
    }

    @Test
    void aUrlThatHidesItsHostIsRefused() {
        FirmwareSources sources = allowing("fw.example.com");
        assertThat(sources.refusal("https://fw.example.com@evil.example.org/a.bin")).hasValue("must not carry a user name or password");
        assertThat(sources.refusal("https://fw.example.com:@evil.example.org/a.bin")).isPresent();
        assertThat(sources.refusal("https://fw_example.com/a.bin")).hasValue("has no host name");
        assertThat(sources.refusal("https://fw.example.com/a b")).hasValue("is not a valid URL");
    }
}
