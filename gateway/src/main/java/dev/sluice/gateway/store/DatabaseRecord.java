package dev.sluice.gateway.store;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A database of a persistent catalog. */
public record DatabaseRecord(String catalogName, String name, String comment, Map<String, String> properties) {

    public DatabaseRecord {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(name, "name is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }
}
