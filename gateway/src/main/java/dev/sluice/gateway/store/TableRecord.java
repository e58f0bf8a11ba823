package dev.sluice.gateway.store;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A table or view of a persistent catalog. {@code properties} is whatever the catalog serialized (schema, options);
 * the two queries are set for views only.
 */
public record TableRecord(
        String catalogName,
        String databaseName,
        String name,
        CatalogObjectKind kind,
        Map<String, String> properties,
        String originalQuery,
        String expandedQuery,
        String comment) {

    public TableRecord {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        if ((originalQuery == null) != (expandedQuery == null)) {
            throw new IllegalArgumentException("set both queries or neither: " + name);
        }
        if ((kind == CatalogObjectKind.VIEW) != (originalQuery != null)) {
            throw new IllegalArgumentException("a VIEW has queries and a TABLE has none: " + name);
        }
    }
}
