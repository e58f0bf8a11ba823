package dev.sluice.demo;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ./sluice demo}'s flags: defaults, and a clear message for each mistake. */
class DemoMainTest {

    @Test
    void defaultsAreTheGatewaysPortsAndTwentyImpressionsASecond() throws Exception {
        Demo.Settings settings = DemoMain.parse(new String[0]);
        try {
            assertThat(settings.apiPort()).isEqualTo(8080);
            assertThat(settings.flinkPort()).isEqualTo(8083);
            assertThat(settings.impressionsPerSecond()).isEqualTo(20);
        } finally {
            Files.delete(settings.workDir());
        }
    }

    @Test
    void mistakesNameTheFlagAndTheValue() {
        assertThatThrownBy(() -> DemoMain.parse(new String[] {"--api-port", "80800"}))
                .hasMessage("--api-port takes a port number from 0 to 65535, not '80800'.");
        assertThatThrownBy(() -> DemoMain.parse(new String[] {"--rate", "0"}))
                .hasMessage("--rate takes a number of impressions per second from 1 to 99999, not '0'.");
        assertThatThrownBy(() -> DemoMain.parse(new String[] {"--rate"})).hasMessage("Flag --rate needs a value.");
        assertThatThrownBy(() -> DemoMain.parse(new String[] {"--port", "1"})).hasMessage("Unknown flag --port.");
    }
}
