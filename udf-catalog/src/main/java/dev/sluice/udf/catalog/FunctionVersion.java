package dev.sluice.udf.catalog;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One immutable, numbered version of a function (numbers start at 1 and never repeat). {@code signature} is
 * what {@link FunctionLanguage#check} returned for it; {@code sha256} is the hex digest of the payload, which
 * also names materialized copies (jar files) so two versions never share a file.
 */
public record FunctionVersion(
        int number,
        FunctionSignature signature,
        FunctionPayload payload,
        String sha256,
        Instant createdAt,
        String createdBy)
        implements Serializable {

    public FunctionVersion {
        if (number < 1) {
            throw new IllegalArgumentException("version numbers start at 1: " + number);
        }
        Objects.requireNonNull(signature, "signature is null");
        Objects.requireNonNull(payload, "payload is null");
        Objects.requireNonNull(sha256, "sha256 is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(createdBy, "createdBy is null");
    }
}
