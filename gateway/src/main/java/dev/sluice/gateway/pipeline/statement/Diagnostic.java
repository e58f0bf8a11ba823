package dev.sluice.gateway.pipeline.statement;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/** One finding about a script: an error that stops it from running, or a warning about how it would run. */
public record Diagnostic(
        Severity severity,
        String code,
        String message,
        @Nullable SqlPosition position,
        @Nullable String hint) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public Diagnostic {
        requireNonNull(severity, "severity is null");
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    public static Diagnostic error(GatewayException e) {
        return new Diagnostic(Severity.ERROR, e.code().name(), e.getMessage(), e.position(), e.hint());
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, code, message, position, newHint);
    }
}
