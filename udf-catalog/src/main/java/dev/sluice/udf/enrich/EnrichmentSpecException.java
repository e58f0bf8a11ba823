package dev.sluice.udf.enrich;

import java.util.List;
import java.util.stream.Collectors;

/** An enrichment spec that cannot be used, with every field-level error found (not only the first). */
public final class EnrichmentSpecException extends IllegalArgumentException {

    private final List<SpecError> errors;

    public EnrichmentSpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::toString).collect(Collectors.joining("; ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an EnrichmentSpecException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
