package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The configuration keys a session may change (SET, RESET, session properties, a statement's execution config), each
 * with what its value may be; every other key stays as the gateway configured it. The list is what a user tunes: a
 * job's name, parallelism and mode, checkpointing's pace, the state backend, restarts, the planner's options and the
 * SQL Client's display. Keys that name a path or a class are left out (checkpoint and savepoint directories, jars, the
 * checkpoint storage, RocksDB's local directory, serializers), as are keys that reconfigure the gateway or the cluster
 * ({@code rest.*}, {@code execution.target}, {@code sql-gateway.*}, {@code env.*}, {@code io.tmp.dirs}, ...) and
 * deprecated aliases of listed keys. Where a listed key's value could name a class, only the names Flink builds in are
 * allowed. docs/policy.md lists the same, with why.
 */
public final class SettingAllowlist {

    /** The one key whose value is a path: it must be a savepoint or checkpoint of the tenant's own jobs. */
    static final String RESTORE_PATH = "execution.state-recovery.path";

    /** A key, or a family ending in {@code *}, and what its values may be: why a value is refused, or empty. */
    record Entry(String pattern, Function<String, Optional<String>> value) {
        boolean matches(String key) {
            return SettingPattern.matches(pattern, key);
        }
    }

    private final List<Entry> entries;

    /**
     * How far a session may let its failing jobs restart: at most {@code maxAttempts} in a row, counted again from zero
     * only after the job ran {@code minResetAfter} without failing; or without a bound, when {@code unbounded}.
     */
    public record RestartBounds(int maxAttempts, Duration minResetAfter, boolean unbounded) {
        public RestartBounds {
            requireNonNull(minResetAfter, "minResetAfter is null");
            if (maxAttempts < 0) {
                throw new IllegalArgumentException("maxAttempts must be at least 0");
            }
        }
    }

    /**
     * @param minCheckpointInterval the shortest checkpoint interval a session may set
     * @param minRestartDelay the shortest delay between restarts a session may set
     * @param restarts how far a session may let its failing jobs restart
     */
    public SettingAllowlist(Duration minCheckpointInterval, Duration minRestartDelay, RestartBounds restarts) {
        requireNonNull(minCheckpointInterval, "minCheckpointInterval is null");
        requireNonNull(minRestartDelay, "minRestartDelay is null");
        requireNonNull(restarts, "restarts is null");
        this.entries = List.of(
                any("parallelism.default"),
                any("pipeline.name"),
                any("pipeline.max-parallelism"),
                any("pipeline.auto-watermark-interval"),
                any("pipeline.object-reuse"),
                any("pipeline.operator-chaining.enabled"),
                oneOf("execution.runtime-mode", "streaming", "batch", "automatic"),
                any("execution.buffer-timeout.enabled"),
                any("execution.buffer-timeout.interval"),
                // Checkpointing's pace; where checkpoints go is the gateway's (execution.checkpointing.dir, .storage).
                atLeast("execution.checkpointing.interval", minCheckpointInterval),
                oneOf("execution.checkpointing.mode", "exactly_once", "at_least_once"),
                any("execution.checkpointing.timeout"),
                any("execution.checkpointing.min-pause"),
                any("execution.checkpointing.max-concurrent-checkpoints"),
                any("execution.checkpointing.tolerable-failed-checkpoints"),
                any("execution.checkpointing.unaligned.enabled"),
                any("execution.checkpointing.aligned-checkpoint-timeout"),
                any("execution.checkpointing.incremental"),
                // Any other value is taken for a state backend factory's class name.
                oneOf("state.backend.type", "hashmap", "rocksdb"),
                restartStrategy(restarts),
                // A bounded number of restarts, so a job failing on a poison record ends FAILED.
                restartAttempts("restart-strategy.fixed-delay.attempts", restarts),
                // Restarts some time apart, so a failing job cannot spin.
                atLeast("restart-strategy.fixed-delay.delay", minRestartDelay),
                restartAttempts("restart-strategy.failure-rate.max-failures-per-interval", restarts),
                any("restart-strategy.failure-rate.failure-rate-interval"),
                atLeast("restart-strategy.failure-rate.delay", minRestartDelay),
                atLeast("restart-strategy.exponential-delay.initial-backoff", minRestartDelay),
                atLeast("restart-strategy.exponential-delay.max-backoff", minRestartDelay),
                new Entry("restart-strategy.exponential-delay.backoff-multiplier", SettingAllowlist::atLeastOne),
                // A short threshold would count the attempts of a job that keeps failing from zero again and again.
                restarts.unbounded()
                        ? any("restart-strategy.exponential-delay.reset-backoff-threshold")
                        : atLeast(
                                "restart-strategy.exponential-delay.reset-backoff-threshold", restarts.minResetAfter()),
                any("restart-strategy.exponential-delay.jitter-factor"),
                restartAttempts("restart-strategy.exponential-delay.attempts-before-reset-backoff", restarts),
                // Starting a new job from state: only from the tenant's own savepoints and checkpoints (SettingRules).
                any(RESTORE_PATH),
                any("execution.state-recovery.ignore-unclaimed-state"),
                // The planner's and runtime's tuning (the state TTL is held to the tenant's maximum by SettingRules);
                // no key
                // of these families names a path or a class (SettingAllowlistTest checks).
                any("table.exec.*"),
                any("table.optimizer.*"),
                any("table.local-time-zone"),
                any("table.display.max-column-width"),
                any("table.dynamic-table-options.enabled"),
                any("table.generated-code.max-length"),
                any("table.generated-code.max-members"),
                any("table.column-expansion-strategy"),
                any("table.legacy-nested-row-nullability"),
                any("table.rtas-ctas.atomicity-enabled"),
                oneOf("table.sql-dialect", "default"),
                // What the SQL Client shows and how (result mode, column width); read by the client only.
                any("sql-client.*"),
                any(SluiceOptions.SESSION_OPTIONS_PREFIX + "*"));
    }

    /** The entry that allows the key, or empty when a session may not change it. */
    Optional<Entry> entry(String key) {
        return entries.stream().filter(entry -> entry.matches(key)).findFirst();
    }

    /** The allowed keys and families, for hints. */
    String summary() {
        return entries.stream().map(Entry::pattern).collect(Collectors.joining(", "));
    }

    private static final List<String> BOUNDED_RESTART_STRATEGIES =
            List.of("none", "off", "disable", "fixed-delay", "fixeddelay", "exponential-delay", "exponentialdelay");

    /** The failure-rate strategy bounds restarts per interval, never in all: only a policy without bounds allows it. */
    private static Entry restartStrategy(RestartBounds restarts) {
        List<String> rateLimited = List.of("failure-rate", "failurerate");
        if (restarts.unbounded()) {
            List<String> all = new ArrayList<>(BOUNDED_RESTART_STRATEGIES);
            all.addAll(rateLimited);
            return oneOf("restart-strategy.type", all.toArray(String[]::new));
        }
        Entry bounded = oneOf("restart-strategy.type", BOUNDED_RESTART_STRATEGIES.toArray(String[]::new));
        return new Entry(
                bounded.pattern(),
                value -> rateLimited.contains(value.strip().toLowerCase(Locale.ROOT))
                        ? Optional.of("would restart a failing job forever at a bounded rate, and this gateway bounds"
                                + " restarts (sluice.policy.allow-unbounded-restarts is off); it takes one of "
                                + String.join(", ", BOUNDED_RESTART_STRATEGIES))
                        : bounded.value().apply(value));
    }

    private static Entry restartAttempts(String key, RestartBounds restarts) {
        if (restarts.unbounded()) {
            return any(key);
        }
        int max = restarts.maxAttempts();
        String problem = "at most " + max + " (sluice.policy.max-restart-attempts), so a failing job ends";
        return new Entry(key, value -> {
            try {
                return Integer.parseInt(value.strip()) <= max ? Optional.empty() : Optional.of("must be " + problem);
            } catch (NumberFormatException e) {
                return Optional.of("takes a whole number " + problem);
            }
        });
    }

    private static Entry any(String pattern) {
        return new Entry(pattern, value -> Optional.empty());
    }

    private static Entry oneOf(String key, String... values) {
        Set<String> allowed = Set.copyOf(Arrays.asList(values));
        return new Entry(
                key,
                value -> allowed.contains(value.strip().toLowerCase(Locale.ROOT))
                        ? Optional.empty()
                        : Optional.of("takes one of " + String.join(", ", values)));
    }

    private static Entry atLeast(String key, Duration minimum) {
        return new Entry(key, value -> {
            try {
                return TimeUtils.parseDuration(value.strip()).compareTo(minimum) >= 0
                        ? Optional.empty()
                        : Optional.of("must be at least " + TimeUtils.formatWithHighestUnit(minimum));
            } catch (IllegalArgumentException e) {
                return Optional.of(
                        "takes a duration of at least " + TimeUtils.formatWithHighestUnit(minimum) + ", e.g. '10 s'");
            }
        });
    }

    private static Optional<String> atLeastOne(String value) {
        try {
            return Double.parseDouble(value.strip()) >= 1.0 ? Optional.empty() : Optional.of("must be at least 1.0");
        } catch (NumberFormatException e) {
            return Optional.of("takes a number of at least 1.0");
        }
    }
}
