package dev.sluice.gateway.api.model;

/** A column of a result or a table: its name and its Flink SQL type, e.g. {@code TIMESTAMP(3) NOT NULL}. */
public record Column(String name, String type) {}
