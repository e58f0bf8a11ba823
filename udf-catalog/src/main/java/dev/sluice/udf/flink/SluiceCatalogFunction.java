package dev.sluice.udf.flink;

import dev.sluice.udf.catalog.ResolvedFunction;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.resource.ResourceUri;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A catalog function as Flink's function catalog sees it, carrying the version it was resolved to so that
 * {@link SessionFunctions#definitionFactory()} instantiates exactly that version. The resources are the
 * materialized jar of a Java version: Flink registers them with the session, which ships them with the job.
 */
public final class SluiceCatalogFunction implements CatalogFunction {

    private final ResolvedFunction resolved;
    private final List<ResourceUri> resources;

    SluiceCatalogFunction(ResolvedFunction resolved, List<ResourceUri> resources) {
        this.resolved = requireNonNull(resolved, "resolved is null");
        this.resources = List.copyOf(resources);
    }

    public ResolvedFunction resolved() {
        return resolved;
    }

    @Override
    public String getClassName() {
        String entry = resolved.version().payload().entry();
        return entry == null ? resolved.definition().language().name() : entry;
    }

    @Override
    public CatalogFunction copy() {
        return this;
    }

    @Override
    public Optional<String> getDescription() {
        return Optional.of(resolved.definition().description());
    }

    @Override
    public Optional<String> getDetailedDescription() {
        return Optional.of(
                resolved.definition().name() + " version " + resolved.version().number() + " "
                        + resolved.version().signature().text());
    }

    @Override
    public FunctionLanguage getFunctionLanguage() {
        return FunctionLanguage.JAVA;
    }

    @Override
    public List<ResourceUri> getFunctionResources() {
        return resources;
    }
}
