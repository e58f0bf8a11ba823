package dev.sluice.gateway.api.model;

/** A catalog function version a job was submitted with. */
public record FunctionUseResponse(String name, int version) {}
