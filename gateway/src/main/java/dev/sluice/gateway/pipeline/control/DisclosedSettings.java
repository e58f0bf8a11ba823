package dev.sluice.gateway.pipeline.control;

import dev.sluice.gateway.config.SluiceOptions;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which of a session's settings its client is shown (SET with no arguments, the Flink endpoint's session
 * configuration). Hidden: what locates the cluster or reaches it (REST, RPC, blob and web ports, the execution
 * target), where state lives (checkpoint, savepoint and recovery paths), the gateway's own configuration and
 * internals, jars and class paths, and anything that names a secret. The session still runs with them; they are
 * only not shown.
 */
public final class DisclosedSettings {

    /** Prefixes, in lower case, of keys never shown. */
    private static final List<String> HIDDEN_PREFIXES = List.of(
            "rest.",
            "web.",
            "jobmanager.",
            "taskmanager.",
            "blob.",
            "high-availability.",
            "metrics.",
            "security.",
            "kubernetes.",
            "env.",
            "pekko.",
            "rpc.",
            "cluster.",
            "state.",
            "sql-gateway.",
            "sluice.",
            "$internal.",
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "execution.state-recovery.",
            "execution.savepoint.",
            "execution.target",
            "pipeline.jars",
            "pipeline.classpaths",
            "table.resources.",
            "io.tmp.dirs",
            "process.");

    /** Words that make a key secret wherever they appear in it. */
    private static final List<String> SECRET_WORDS = List.of("token", "password", "secret", "credential");

    private DisclosedSettings() {}

    /** The settings the client may see, sorted by key. */
    public static Map<String, String> of(Map<String, String> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (isShown(key)) {
                shown.put(key, value);
            }
        });
        return shown;
    }

    public static boolean isShown(String key) {
        String lower = key.strip().toLowerCase(Locale.ROOT);
        if (lower.startsWith(SluiceOptions.SESSION_OPTIONS_PREFIX)) {
            // The session's own Sluice options (e.g. lint warnings as errors) are the client's.
            return SECRET_WORDS.stream().noneMatch(lower::contains);
        }
        return HIDDEN_PREFIXES.stream().noneMatch(lower::startsWith)
                && SECRET_WORDS.stream().noneMatch(lower::contains);
    }
}
