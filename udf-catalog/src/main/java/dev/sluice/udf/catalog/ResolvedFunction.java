package dev.sluice.udf.catalog;

import java.util.Objects;

/** A function name in SQL resolved to one version; the definition carries that version's signature. */
public record ResolvedFunction(FunctionDefinition definition, FunctionVersion version) {

    public ResolvedFunction {
        Objects.requireNonNull(definition, "definition is null");
        Objects.requireNonNull(version, "version is null");
    }

    public FunctionUse use() {
        return new FunctionUse(definition.tenant(), definition.name(), version.number());
    }
}
