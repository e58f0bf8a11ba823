package dev.sluice.gateway.execute;

import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a failed job's status message says: Flink's wrapper alone would hide the operator's error. */
class FailureDescriptionTest {

    @Test
    void namesEveryCauseBelowFlinksRestartWrapper() {
        IOException parse = new IOException(
                "Failed to deserialize JSON '{\"title\":'.", new IllegalStateException("Unexpected end-of-input"));
        Exception failure = new Exception(
                "Recovery is suppressed by NoRestartBackoffTimeStrategy",
                new RuntimeException("One or more fetchers have encountered exception", parse));

        // As the cluster hands it over: serialized, each message starting with its exception's class.
        assertThat(FlinkCluster.describeFailure(new SerializedThrowable(failure)))
                .isEqualTo(String.join(
                        "\n",
                        "java.lang.Exception: Recovery is suppressed by NoRestartBackoffTimeStrategy",
                        "caused by: java.lang.RuntimeException: One or more fetchers have encountered exception",
                        "caused by: java.io.IOException: Failed to deserialize JSON '{\"title\":'.",
                        "caused by: java.lang.IllegalStateException: Unexpected end-of-input"));
    }

    @Test
    void aFailureWithoutCauseIsItsMessage() {
        assertThat(FlinkCluster.describeFailure(new IllegalStateException("TaskManager lost")))
                .isEqualTo("TaskManager lost");
    }
}
