package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;

import java.time.Duration;

/**
 * How a failing job restarts unless its session says otherwise: a bounded number of times, further apart each time,
 * then FAILED. Flink's own default, once a job checkpoints, is to restart it forever, so a poison record would keep
 * it failing without end. Set on every job, so a remote cluster applies it too; Flink's {@code restart-strategy.type}
 * in the configuration, where the operator set it, wins.
 */
public final class JobRestarts {

    /** Each delay is this many times the one before (up to the maximum). */
    static final double BACKOFF_MULTIPLIER = 2.0;

    private JobRestarts() {}

    /**
     * The Flink configuration with the gateway's restart strategy, unless it names one itself.
     *
     * @param options the gateway's options ({@code sluice.jobs.restart.*})
     * @param flink what Flink and every session get; not changed
     */
    public static Configuration withDefaults(Configuration options, Configuration flink) {
        if (flink.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            return flink;
        }
        int attempts = options.get(SluiceOptions.JOB_RESTART_ATTEMPTS);
        Duration initialDelay = options.get(SluiceOptions.JOB_RESTART_INITIAL_DELAY);
        Duration maxDelay = options.get(SluiceOptions.JOB_RESTART_MAX_DELAY);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(SluiceOptions.JOB_RESTART_MAX_DELAY.key() + " (" + maxDelay
                    + ") is shorter than " + SluiceOptions.JOB_RESTART_INITIAL_DELAY.key() + " (" + initialDelay
                    + "): make the maximum at least the first delay.");
        }
        Configuration withRestarts = new Configuration(flink);
        if (attempts == 0) {
            withRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            return withRestarts;
        }
        withRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        withRestarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, attempts);
        withRestarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, initialDelay);
        withRestarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, maxDelay);
        withRestarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, BACKOFF_MULTIPLIER);
        withRestarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                options.get(SluiceOptions.JOB_RESTART_RESET_AFTER));
        return withRestarts;
    }
}
