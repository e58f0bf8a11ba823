package dev.sluice.gateway.store;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A function of a persistent catalog: the class that implements it, its language and what it needs to load. */
public record FunctionRecord(
        String catalogName,
        String databaseName,
        String name,
        String className,
        String language,
        List<FunctionResource> resources,
        Map<String, String> options) {

    public FunctionRecord {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(name, "name is null");
        requireNonNull(className, "className is null");
        requireNonNull(language, "language is null");
        resources = List.copyOf(requireNonNull(resources, "resources is null"));
        options = Map.copyOf(requireNonNull(options, "options is null"));
    }
}
