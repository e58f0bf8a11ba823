package dev.sluice.udf.catalog;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link FunctionLanguage#instantiate} gets besides the function: {@code classLoader} is the session's
 * user class loader (Flink's; a Java version's own loader is its child), {@code artifactDir} a directory under
 * the gateway's data dir where materialized copies (jars) may be written, {@code versions} the catalog for
 * reloadable functions.
 */
public record FunctionContext(ClassLoader classLoader, Path artifactDir, VersionSource versions) {

    public FunctionContext {
        Objects.requireNonNull(classLoader, "classLoader is null");
        Objects.requireNonNull(artifactDir, "artifactDir is null");
        Objects.requireNonNull(versions, "versions is null");
    }
}
