package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.TableConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every job restarts a bounded number of times unless the operator chose Flink's strategy themselves. */
class JobRestartsTest {

    @Test
    void jobsGetABoundedExponentialDelayByDefault() {
        assertThat(JobRestarts.fromOptions(new Configuration(), new Configuration())
                        .settings())
                .containsEntry("restart-strategy.type", "exponential-delay")
                .containsEntry(
                        "restart-strategy.exponential-delay.attempts-before-reset-backoff",
                        String.valueOf(SluiceOptions.JOB_RESTART_ATTEMPTS.defaultValue()))
                .containsEntry("restart-strategy.exponential-delay.initial-backoff", "1 s")
                .containsEntry("restart-strategy.exponential-delay.max-backoff", "30 s")
                .containsEntry("restart-strategy.exponential-delay.reset-backoff-threshold", "1 h");
    }

    @Test
    void zeroAttemptsEndAJobAtItsFirstFailure() {
        Configuration options = Configuration.fromMap(Map.of(SluiceOptions.JOB_RESTART_ATTEMPTS.key(), "0"));

        assertThat(JobRestarts.fromOptions(options, new Configuration()).settings())
                .isEqualTo(Map.of("restart-strategy.type", "none"));
    }

    @Test
    void theOperatorsOwnStrategyWins() {
        Configuration flink = Configuration.fromMap(Map.of("restart-strategy.type", "fixed-delay"));

        assertThat(JobRestarts.fromOptions(new Configuration(), flink).settings())
                .isEmpty();
    }

    @Test
    void whatTheSessionSetsStaysAndTheBoundFillsTheRest() {
        TableConfig job = TableConfig.getDefault();
        job.set("restart-strategy.type", "exponential-delay");
        job.set("restart-strategy.exponential-delay.initial-backoff", "5 s");

        JobRestarts.fromOptions(new Configuration(), new Configuration()).fillIn(job);

        Map<String, String> set = job.getConfiguration().toMap();
        assertThat(set)
                .containsEntry("restart-strategy.exponential-delay.initial-backoff", "5 s")
                .containsEntry("restart-strategy.exponential-delay.attempts-before-reset-backoff", "5");
    }

    @Test
    void aMaximumDelayBelowTheFirstIsRefusedNamingBoth() {
        Configuration options = Configuration.fromMap(Map.of(
                SluiceOptions.JOB_RESTART_INITIAL_DELAY.key(),
                "10 s",
                SluiceOptions.JOB_RESTART_MAX_DELAY.key(),
                "1 s"));

        assertThatThrownBy(() -> JobRestarts.fromOptions(options, new Configuration()))
                .hasMessageContaining("sluice.jobs.restart.max-delay")
                .hasMessageContaining("sluice.jobs.restart.initial-delay");
    }
}
