package dev.sluice.udf.catalog;

import java.time.Instant;
import java.util.Objects;

/** A function as the catalog lists it: its definition, which version SQL gets by name, and the newest number. */
public record StoredFunction(
        FunctionDefinition definition, int currentVersion, int latestVersion, Instant createdAt, Instant updatedAt) {

    public StoredFunction {
        Objects.requireNonNull(definition, "definition is null");
    }
}
