package dev.sluice.udf.catalog;

import java.util.Objects;

/**
 * What {@link FunctionLanguage#check} found a draft to be: the kind and signature to store (derived or the
 * declared ones, normalized) and the payload to store (may be normalized, e.g. trimmed spec JSON).
 */
public record CheckedVersion(FunctionKind kind, FunctionSignature signature, FunctionPayload payload) {

    public CheckedVersion {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(signature, "signature is null");
        Objects.requireNonNull(payload, "payload is null");
    }
}
