package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import javax.annotation.Nullable;

/** What a function returned for sample arguments: a value, or the rows of a table function. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TryResponse(int version, @Nullable Object result) {}
