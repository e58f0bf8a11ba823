package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.Diagnostic;

import javax.annotation.Nullable;

import static java.util.Objects.requireNonNull;

/** One rule of a policy refusing a statement: which rule, about what, where in the script, and what is allowed. */
record Denial(ErrorCode code, String message, @Nullable SqlPosition position, String hint) {

    Denial {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
        requireNonNull(hint, "hint is null");
    }

    Diagnostic toDiagnostic() {
        return new Diagnostic(Diagnostic.Severity.ERROR, code.name(), message, position, hint);
    }

    GatewayException toException() {
        return new GatewayException(code, message, position, null, hint, null);
    }
}
