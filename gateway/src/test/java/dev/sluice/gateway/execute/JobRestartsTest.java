package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every job restarts a bounded number of times unless the operator chose Flink's strategy themselves. */
class JobRestartsTest {

    @Test
    void jobsGetABoundedExponentialDelayByDefault() {
        Configuration flink = JobRestarts.withDefaults(new Configuration(), new Configuration());

        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(SluiceOptions.JOB_RESTART_ATTEMPTS.defaultValue());
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void zeroAttemptsEndAJobAtItsFirstFailure() {
        Configuration options = Configuration.fromMap(Map.of(SluiceOptions.JOB_RESTART_ATTEMPTS.key(), "0"));

        assertThat(JobRestarts.withDefaults(options, new Configuration()).get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("none");
    }

    @Test
    void theOperatorsOwnStrategyWins() {
        Configuration flink = Configuration.fromMap(
                Map.of("restart-strategy.type", "fixed-delay", "restart-strategy.fixed-delay.attempts", "3"));

        assertThat(JobRestarts.withDefaults(new Configuration(), flink).toMap()).isEqualTo(flink.toMap());
    }

    @Test
    void aMaximumDelayBelowTheFirstIsRefusedNamingBoth() {
        Configuration options = Configuration.fromMap(Map.of(
                SluiceOptions.JOB_RESTART_INITIAL_DELAY.key(),
                "10 s",
                SluiceOptions.JOB_RESTART_MAX_DELAY.key(),
                "1 s"));

        assertThatThrownBy(() -> JobRestarts.withDefaults(options, new Configuration()))
                .hasMessageContaining("sluice.jobs.restart.max-delay")
                .hasMessageContaining("sluice.jobs.restart.initial-delay");
    }
}
