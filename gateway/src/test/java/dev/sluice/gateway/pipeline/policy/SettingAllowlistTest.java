package dev.sluice.gateway.pipeline.policy;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Sessions change only the listed settings, with the values each allows; nothing listed names a path or a class. */
class SettingAllowlistTest {

    private static final SettingAllowlist SETTINGS = new SettingAllowlist(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            new SettingAllowlist.RestartBounds(10, Duration.ofHours(1), false));

    /** The same, under a policy that lets sessions restart their jobs without a bound. */
    private static final SettingAllowlist UNBOUNDED = new SettingAllowlist(
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            new SettingAllowlist.RestartBounds(10, Duration.ofHours(1), true));

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "execution.state-recovery.claim-mode",
                "execution.savepoint.path",
                "execution.savepoint.ignore-unclaimed-state",
                "execution.checkpointing.dir",
                "state.checkpoints.dir",
                "execution.checkpointing.savepoint-dir",
                "state.savepoints.dir",
                "execution.checkpointing.storage",
                "execution.checkpointing.externalized-checkpoint-retention",
                "pipeline.jars",
                "pipeline.classpaths",
                "pipeline.cached-files",
                "pipeline.serialization-config",
                "rest.port",
                "rest.address",
                "execution.target",
                "execution.attached",
                "$internal.pipeline.job-id",
                "sql-gateway.endpoint.rest.port",
                "table.resources.download-dir",
                "table.catalog-modification.listeners",
                "table.dml-sync",
                "sluice.data-dir",
                "sluice.metadata.url",
                "state.backend.rocksdb.localdir",
                "state.backend.rocksdb.options-factory",
                "io.tmp.dirs",
                "env.java.opts.all",
                "python.files",
                "classloader.resolve-order",
                "restart-strategy",
                "state.backend",
            })
    void theseAreTheGatewaysWhateverThePolicy(String key) {
        assertThat(SETTINGS.entry(key)).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1}: {2}")
    @CsvSource({
        "parallelism.default,                       4,                          true",
        "execution.runtime-mode,                    BATCH,                      true",
        "execution.runtime-mode,                    org.example.Mode,           false",
        "state.backend.type,                        rocksdb,                    true",
        "state.backend.type,                        org.example.BackendFactory, false",
        "execution.checkpointing.interval,          10 s,                       true",
        "execution.checkpointing.interval,          10 ms,                      false",
        "restart-strategy.type,                     fixed-delay,                true",
        "restart-strategy.type,                     org.example.Restarts,       false",
        "restart-strategy.fixed-delay.delay,        0 s,                        false",
        "restart-strategy.exponential-delay.backoff-multiplier, 0.5,           false",
        "restart-strategy.fixed-delay.attempts,     10,                         true",
        "restart-strategy.fixed-delay.attempts,     2147483647,                 false",
        "restart-strategy.fixed-delay.attempts,     many,                       false",
        "restart-strategy.exponential-delay.attempts-before-reset-backoff, 11, false",
        "restart-strategy.failure-rate.max-failures-per-interval, 11,          false",
        "restart-strategy.exponential-delay.reset-backoff-threshold, 1 ms,     false",
        "restart-strategy.exponential-delay.reset-backoff-threshold, 2 h,      true",
        "restart-strategy.type,                     failure-rate,               false",
        "restart-strategy.type,                     FailureRate,                false",
        "restart-strategy.type,                     exponential-delay,          true",
        "table.sql-dialect,                         hive,                       false",
        "table.exec.mini-batch.enabled,             true,                       true",
        "sql-client.execution.result-mode,          tableau,                    true",
        "sluice.session.lint-warnings-as-errors,    true,                       true",
    })
    void listedSettingsTakeTheValuesTheirRuleAllows(String key, String value, boolean allowed) {
        assertThat(SETTINGS.entry(key).orElseThrow().value().apply(value).isEmpty())
                .isEqualTo(allowed);
    }

    /** Unbounded restarts are the policy's to allow: then a session may choose them. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "restart-strategy.type,                     failure-rate",
        "restart-strategy.fixed-delay.attempts,     2147483647",
        "restart-strategy.exponential-delay.attempts-before-reset-backoff, 2147483647",
        "restart-strategy.exponential-delay.reset-backoff-threshold, 1 ms",
    })
    void aPolicyWithoutRestartBoundsAllowsUnboundedRestarts(String key, String value) {
        assertThat(SETTINGS.entry(key).orElseThrow().value().apply(value)).isPresent();
        assertThat(UNBOUNDED.entry(key).orElseThrow().value().apply(value)).isEmpty();
    }

    @Test
    void aRefusedRestartStrategySaysWhyAndWhatIsAllowed() {
        assertThat(SETTINGS.entry("restart-strategy.type").orElseThrow().value().apply("failure-rate"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .contains("sluice.policy.allow-unbounded-restarts", "exponential-delay")
                        .doesNotContain("failure-rate,"));
    }

    /**
     * The planner's families are allowed whole: each key of them must stay a number, a switch, a duration, a size or a
     * choice, or be a text reviewed here.
     */
    @Test
    void theAllowedFamiliesNameNoPathOrClass() throws Exception {
        Set<String> reviewedTexts = Set.of(
                "table.exec.disabled-operators", // names of Flink's own operators
                "table.exec.uid.format"); // a pattern for operator ids
        Method type = ConfigOption.class.getDeclaredMethod("getClazz");
        type.setAccessible(true);
        List<String> texts = new ArrayList<>();
        for (Class<?> options : List.of(ExecutionConfigOptions.class, OptimizerConfigOptions.class)) {
            for (Field field : options.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    Class<?> valueType = (Class<?>) type.invoke(option);
                    if (SETTINGS.entry(option.key()).isPresent()
                            && !valueType.isEnum()
                            && !TYPED.contains(valueType)
                            && !reviewedTexts.contains(option.key())) {
                        texts.add(option.key() + " (" + valueType.getSimpleName() + ")");
                    }
                }
            }
        }
        assertThat(texts)
                .as("free-form keys of the allowed families nobody reviewed")
                .isEmpty();
    }

    private static final Set<Class<?>> TYPED = Set.of(
            Boolean.class, Integer.class, Long.class, Double.class, Float.class, Duration.class, MemorySize.class);
}
