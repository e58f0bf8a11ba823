package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.table.api.TableConfig;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * How a failing job restarts unless its session says otherwise: a bounded number of times, further apart each time,
 * then FAILED. Flink's own default, once a job checkpoints (as Sluice's jobs do), is to restart it forever, so a poison
 * record would keep it failing without end. Set on each job (INSERT, statement set) as it is submitted, so a remote
 * cluster applies it too; queries keep Flink's default (no checkpoints, no restarts), so a failing query reports at
 * once. Flink's {@code restart-strategy.type} in the gateway's configuration, where the operator set it, replaces
 * this default.
 *
 * @param settings the restart keys a job gets where neither its session nor the gateway's Flink configuration sets them
 */
public record JobRestarts(Map<String, String> settings) {

    /** Each delay is this many times the one before (up to the maximum). */
    static final double BACKOFF_MULTIPLIER = 2.0;

    public JobRestarts {
        settings = Map.copyOf(requireNonNull(settings, "settings is null"));
    }

    /**
     * The gateway's default ({@code sluice.jobs.restart.*}), or none when {@code flink} names a strategy itself.
     *
     * @param options the gateway's options
     * @param flink what Flink and every session get
     */
    public static JobRestarts fromOptions(Configuration options, Configuration flink) {
        if (flink.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
            return new JobRestarts(Map.of());
        }
        int attempts = options.get(SluiceOptions.JOB_RESTART_ATTEMPTS);
        Duration initialDelay = options.get(SluiceOptions.JOB_RESTART_INITIAL_DELAY);
        Duration maxDelay = options.get(SluiceOptions.JOB_RESTART_MAX_DELAY);
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(SluiceOptions.JOB_RESTART_MAX_DELAY.key() + " (" + maxDelay
                    + ") is shorter than " + SluiceOptions.JOB_RESTART_INITIAL_DELAY.key() + " (" + initialDelay
                    + "): make the maximum at least the first delay.");
        }
        Configuration restarts = new Configuration();
        if (attempts == 0) {
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            return new JobRestarts(restarts.toMap());
        }
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        // Also where a session picks exponential-delay without its own bound: Flink's default attempts are unlimited.
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, attempts);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, initialDelay);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, maxDelay);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, BACKOFF_MULTIPLIER);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                options.get(SluiceOptions.JOB_RESTART_RESET_AFTER));
        return new JobRestarts(restarts.toMap());
    }

    /** Sets on a job's configuration each restart key that it (or the session it falls back to) does not set. */
    public void fillIn(TableConfig job) {
        settings.forEach((key, value) -> {
            if (job.getOptional(ConfigOptions.key(key).stringType().noDefaultValue())
                    .isEmpty()) {
                job.set(key, value);
            }
        });
    }
}
