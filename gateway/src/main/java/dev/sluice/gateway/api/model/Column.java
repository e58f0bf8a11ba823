package dev.sluice.gateway.api.model;

/**
 * A column of a result or a table: its name and its Flink SQL type, e.g. {@code TIMESTAMP(3) NOT NULL}. In a result,
 * the type says how to read the column's fields (see the OpenAPI document's {@code Row} schema).
 */
public record Column(String name, String type) {}
