package dev.sluice.udf.catalog;

import java.util.Objects;

/**
 * A function version as submitted, before it is checked and stored (create or publish). {@code kind} and
 * {@code signature} are what the caller declared and may be {@code null} where the language derives them
 * (Java); a language that needs them throws {@link FunctionException} naming the field.
 */
public record FunctionDraft(
        String tenant,
        String name,
        Language language,
        FunctionKind kind,
        FunctionSignature signature,
        FunctionPayload payload) {

    public FunctionDraft {
        Objects.requireNonNull(tenant, "tenant is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(language, "language is null");
        Objects.requireNonNull(payload, "payload is null");
    }
}
