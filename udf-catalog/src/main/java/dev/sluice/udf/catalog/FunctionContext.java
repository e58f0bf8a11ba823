package dev.sluice.udf.catalog;

import dev.sluice.udf.net.OutboundRules;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link FunctionLanguage#instantiate} gets besides the function: {@code classLoader} is the session's
 * user class loader (Flink's; a Java version's own loader is its child), {@code artifactDir} a directory under
 * the gateway's data dir where materialized copies (jars) may be written, {@code versions} the catalog for
 * reloadable functions, {@code outbound} where the tenant that resolved the function may connect, read when the
 * statement is planned (a function that connects carries these rules into its job).
 */
public record FunctionContext(
        ClassLoader classLoader, Path artifactDir, VersionSource versions, OutboundRules outbound) {

    public FunctionContext {
        Objects.requireNonNull(classLoader, "classLoader is null");
        Objects.requireNonNull(artifactDir, "artifactDir is null");
        Objects.requireNonNull(versions, "versions is null");
        Objects.requireNonNull(outbound, "outbound is null");
    }
}
