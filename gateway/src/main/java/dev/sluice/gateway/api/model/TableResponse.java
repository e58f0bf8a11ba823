package dev.sluice.gateway.api.model;

import java.util.List;

/**
 * A table or view of the catalog and its columns; a computed column's type is its expression ({@code AS ...}), a
 * metadata column's ends in {@code METADATA}.
 */
public record TableResponse(String name, String kind, List<Column> columns) {}
