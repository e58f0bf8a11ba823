package dev.sluice.gateway.api.model;

/** A result column: its name and its Flink SQL type, e.g. {@code TIMESTAMP(3) NOT NULL}. */
public record Column(String name, String type) {}
