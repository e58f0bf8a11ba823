package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/** A function's SQL signature: parameters with Flink SQL types, and the result type. */
public record SignatureBody(
        @Nullable List<Parameter> parameters, @Nullable String result) {

    public record Parameter(@Nullable String name, @Nullable String type) {}
}
