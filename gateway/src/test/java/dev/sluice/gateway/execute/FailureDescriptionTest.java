package dev.sluice.gateway.execute;

import org.apache.flink.util.SerializedThrowable;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a failed job's status message says: the operator's error (which names the record) and its root cause, in one
 * line, as Flink's wrappers alone would hide both.
 */
class FailureDescriptionTest {

    @Test
    void namesTheOperatorsErrorAndItsRootCauseBelowFlinksWrappers() {
        IOException parse = new IOException(
                "Failed to deserialize JSON '{\"title\":'.", new IllegalStateException("Unexpected end-of-input"));
        Exception failure = new Exception(
                "Recovery is suppressed by ExponentialDelayRestartBackoffTimeStrategy",
                new RuntimeException("One or more fetchers have encountered exception", parse));

        // As the cluster hands it over: serialized, each message starting with its exception's class.
        assertThat(FlinkCluster.describeFailure(new SerializedThrowable(failure)))
                .isEqualTo("java.io.IOException: Failed to deserialize JSON '{\"title\":'. Caused by: "
                        + "java.lang.IllegalStateException: Unexpected end-of-input");
    }

    @Test
    void aLongRecordIsAbbreviatedButTheRootCauseKept() {
        String record = "x".repeat(10_000);
        Exception failure = new Exception(
                "Recovery is suppressed",
                new IOException("Failed to deserialize JSON '" + record + "'.", new IllegalStateException("bad")));

        assertThat(FlinkCluster.describeFailure(failure))
                .startsWith("Failed to deserialize JSON 'xxx")
                .endsWith("… Caused by: bad")
                .hasSizeLessThan(500);
    }

    @Test
    void aWrapperRepeatingItsCauseAddsNothing() {
        IllegalArgumentException root = new IllegalArgumentException("For input string: 'poison-50'");
        Exception failure = new Exception("Recovery is suppressed", new RuntimeException(root));

        assertThat(FlinkCluster.describeFailure(failure)).isEqualTo("For input string: 'poison-50'");
    }

    @Test
    void keepsTheFirstLineOfAMessageOfManyLines() {
        Exception failure = new Exception(
                "Recovery is suppressed",
                new IllegalArgumentException("Cannot parse 'poison' as INT\n\tat some.Generated.code(Unknown)"));

        assertThat(FlinkCluster.describeFailure(failure)).isEqualTo("Cannot parse 'poison' as INT");
    }

    @Test
    void aCauseWithoutMessageLeavesTheDeepestMessage() {
        Exception failure = new Exception(
                "Recovery is suppressed", new RuntimeException("task failed", new NullPointerException()));

        assertThat(FlinkCluster.describeFailure(failure)).isEqualTo("task failed");
    }

    @Test
    void aFailureWithoutCauseIsItsMessage() {
        assertThat(FlinkCluster.describeFailure(new IllegalStateException("TaskManager lost")))
                .isEqualTo("TaskManager lost");
    }
}
