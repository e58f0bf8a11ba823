package dev.sluice.udf.catalog;

import java.util.Objects;

/** A request to create a function with its first version: the draft plus what only the function has. */
public record NewFunction(FunctionDraft draft, String owner, String description, boolean reloadable) {

    public NewFunction {
        Objects.requireNonNull(draft, "draft is null");
        Objects.requireNonNull(owner, "owner is null");
    }
}
