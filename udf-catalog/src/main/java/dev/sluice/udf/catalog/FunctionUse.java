package dev.sluice.udf.catalog;

import java.util.Objects;

/** One function version a job got when it was planned. */
public record FunctionUse(String tenant, String name, int version) {

    public FunctionUse {
        Objects.requireNonNull(tenant, "tenant is null");
        Objects.requireNonNull(name, "name is null");
    }
}
