package dev.sluice.gateway;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SluiceMainTest {

    @TempDir
    Path dir;

    /** What {@code ./sluice start --config sluice.yaml} prints after "sluice: could not start: ", exiting with 1. */
    @Test
    void anOptionOutOfRangeStopsTheStartBeforeAnythingIsWritten() throws IOException {
        Path config = Files.writeString(dir.resolve("sluice.yaml"), "sluice:\n  api:\n    port: 70000\n");
        Path dataDir = dir.resolve("data");
        Configuration options =
                SluiceMain.parse(new String[] {"--data-dir", dataDir.toString(), "--config", config.toString()});

        assertThatThrownBy(() -> SluiceServer.start(options))
                .satisfies(failure -> assertThat(SluiceMain.startFailure(failure))
                        .isEqualTo("IllegalArgumentException: Option out of range:"
                                + " sluice.api.port is 70000 but must be from 0 to 65535."
                                + " Change it in the configuration file (--config) or the flag that sets it."));
        assertThat(dataDir).as("the data directory, not created").doesNotExist();
    }

    @Test
    void aStartFailureNamesTheOptionAndTheDetail() {
        IllegalArgumentException badOption = new IllegalArgumentException(
                "Could not parse value 'bogus' for key 'sluice.flink.target'.",
                new IllegalArgumentException("Expected one of: [[EMBEDDED, REMOTE]]"));

        assertThat(SluiceMain.startFailure(badOption))
                .isEqualTo("IllegalArgumentException: Could not parse value 'bogus' for key 'sluice.flink.target'.;"
                        + " caused by IllegalArgumentException: Expected one of: [[EMBEDDED, REMOTE]]");
    }

    @Test
    void aCauseWithoutMessageLeavesTheOuterOne() {
        IllegalStateException unreachable = new IllegalStateException(
                "The remote Flink cluster at http://127.0.0.1:1 does not answer: no answer within 30 s",
                new TimeoutException());

        assertThat(SluiceMain.startFailure(unreachable))
                .isEqualTo(
                        "IllegalStateException: The remote Flink cluster at http://127.0.0.1:1 does not answer: no answer within 30 s");
    }
}
