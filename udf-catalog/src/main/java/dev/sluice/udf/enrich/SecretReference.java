package dev.sluice.udf.enrich;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Where a credential is kept, never the credential: {@code env:NAME} (an environment variable of the process that
 * runs the lookup, i.e. the Flink task manager) or {@code file:/absolute/path} (its content, trailing newline
 * stripped). Specs, logs and metrics only ever hold the reference.
 */
public record SecretReference(Kind kind, String name) {

    /** The kinds of place a secret can be read from. */
    public enum Kind {
        ENV,
        FILE
    }

    public SecretReference {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
    }

    /** Parses {@code env:NAME} or {@code file:/path}; null when the text is neither (the parser reports it). */
    static SecretReference parse(String text) {
        if (text.startsWith("env:") && text.substring(4).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return new SecretReference(Kind.ENV, text.substring(4));
        }
        if (text.startsWith("file:")
                && text.length() > 6
                && Path.of(text.substring(5)).isAbsolute()) {
            return new SecretReference(Kind.FILE, text.substring(5));
        }
        return null;
    }

    /** Reads the secret; the message of a failure names the reference, never a value. */
    public String resolve() {
        switch (kind) {
            case ENV -> {
                String value = System.getenv(name);
                if (value == null) {
                    throw new IllegalStateException(
                            "environment variable " + name + " (secret " + this + ") is not set");
                }
                return value;
            }
            case FILE -> {
                try {
                    return Files.readString(Path.of(name), StandardCharsets.UTF_8)
                            .stripTrailing();
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "cannot read secret " + this + ": " + e.getClass().getSimpleName());
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + name;
    }
}
