package dev.sluice.gateway;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class SluiceMainTest {

    @Test
    void aStartFailureNamesTheOptionAndTheDetail() {
        IllegalArgumentException badOption = new IllegalArgumentException("Could not parse value 'bogus' for key 'sluice.flink.target'.",
                new IllegalArgumentException("Expected one of: [[EMBEDDED, REMOTE]]"));

        assertThat(SluiceMain.startFailure(badOption)).isEqualTo(
                "IllegalArgumentException: Could not parse value 'bogus' for key 'sluice.flink.target'.;"
                        + " caused by IllegalArgumentException: Expected one of: [[EMBEDDED, REMOTE]]");
    }

    @Test
    void aCauseWithoutMessageLeavesTheOuterOne() {
        IllegalStateException unreachable = new IllegalStateException(
                "The remote Flink cluster at http://127.0.0.1:1 does not answer: no answer within 30 s", new TimeoutException());

        assertThat(SluiceMain.startFailure(unreachable))
                .isEqualTo("IllegalStateException: The remote Flink cluster at http://127.0.0.1:1 does not answer: no answer within 30 s");
    }
}
