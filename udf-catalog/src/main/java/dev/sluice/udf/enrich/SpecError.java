package dev.sluice.udf.enrich;

import static java.util.Objects.requireNonNull;

/** One thing wrong with an enrichment spec: the JSON path of the field (e.g. {@code spec.cache.ttl}) and why. */
public record SpecError(String field, String message) {

    public SpecError {
        requireNonNull(field, "field is null");
        requireNonNull(message, "message is null");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
