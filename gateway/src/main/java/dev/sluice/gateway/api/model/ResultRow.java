package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * A changelog row: {@code kind} is {@code +I} (insert), {@code -U}/{@code +U} (the old and new value of an update)
 * or {@code -D} (delete), so a client can apply updates and retractions in place. Each field is in the JSON form its
 * column's type fixes (DECIMAL and BIGINT as strings, timestamps as ISO-8601 with their precision's digits).
 */
public record ResultRow(String kind, List<Object> fields) {}
