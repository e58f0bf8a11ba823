package dev.sluice.udf.catalog;

import java.io.Serializable;
import java.util.Objects;

/**
 * A catalog function as stored, without its versions. {@code name} is unique per tenant and is what SQL calls
 * ({@code SELECT my_fn(x)}); {@code signature} is the current version's. A {@code reloadable} function lets a
 * running job switch to a newly published version (JavaScript); otherwise a job keeps the version it was
 * submitted with. Not to be confused with Flink's {@code org.apache.flink.table.functions.FunctionDefinition}.
 */
public record FunctionDefinition(
        String tenant,
        String name,
        FunctionKind kind,
        Language language,
        FunctionSignature signature,
        String owner,
        String description,
        boolean reloadable)
        implements Serializable {

    public FunctionDefinition {
        Objects.requireNonNull(tenant, "tenant is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(language, "language is null");
        Objects.requireNonNull(signature, "signature is null");
        Objects.requireNonNull(owner, "owner is null");
        description = description == null ? "" : description;
    }
}
