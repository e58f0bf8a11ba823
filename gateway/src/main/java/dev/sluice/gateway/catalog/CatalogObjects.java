package dev.sluice.gateway.catalog;

import dev.sluice.gateway.store.CatalogObjectKind;
import dev.sluice.gateway.store.DatabaseRecord;
import dev.sluice.gateway.store.FunctionRecord;
import dev.sluice.gateway.store.FunctionResource;
import dev.sluice.gateway.store.TableRecord;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogFunction;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.FunctionLanguage;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.expressions.DefaultSqlFactory;
import org.apache.flink.table.resource.ResourceType;
import org.apache.flink.table.resource.ResourceUri;

import java.util.Map;

/** Turns Flink's catalog objects into the store's records and back. */
final class CatalogObjects {

    private CatalogObjects() {}

    static DatabaseRecord toRecord(String catalogName, String databaseName, CatalogDatabase database) {
        return new DatabaseRecord(catalogName, databaseName, database.getComment(), database.getProperties());
    }

    static CatalogDatabase toDatabase(DatabaseRecord record) {
        return new CatalogDatabaseImpl(record.properties(), record.comment());
    }

    /**
     * Flink resolves tables and views before it hands them to a catalog, and only resolved ones can be serialized
     * (computed columns and watermarks as SQL text). Materialized tables and anything unresolved are refused.
     */
    static TableRecord toRecord(String catalogName, ObjectPath path, CatalogBaseTable table) {
        CatalogObjectKind kind;
        Map<String, String> properties;
        String originalQuery = null;
        String expandedQuery = null;
        if (table instanceof ResolvedCatalogTable resolved) {
            kind = CatalogObjectKind.TABLE;
            properties = CatalogPropertiesUtil.serializeCatalogTable(resolved, DefaultSqlFactory.INSTANCE);
        } else if (table instanceof ResolvedCatalogView resolved) {
            kind = CatalogObjectKind.VIEW;
            properties = CatalogPropertiesUtil.serializeCatalogView(resolved, DefaultSqlFactory.INSTANCE);
            originalQuery = resolved.getOriginalQuery();
            expandedQuery = resolved.getExpandedQuery();
        } else {
            throw new CatalogException(String.format(
                    "Cannot store %s: this catalog stores resolved tables and views only, not a %s (%s)",
                    path.getFullName(), table.getTableKind(), table.getClass().getName()));
        }
        return new TableRecord(
                catalogName,
                path.getDatabaseName(),
                path.getObjectName(),
                kind,
                properties,
                originalQuery,
                expandedQuery,
                table.getComment());
    }

    static CatalogBaseTable toTable(TableRecord record) {
        CatalogTable table = CatalogPropertiesUtil.deserializeCatalogTable(record.properties());
        return switch (record.kind()) {
            case TABLE -> table;
            case VIEW ->
                CatalogView.of(
                        table.getUnresolvedSchema(),
                        record.comment(),
                        record.originalQuery(),
                        record.expandedQuery(),
                        table.getOptions());
        };
    }

    static FunctionRecord toRecord(String catalogName, ObjectPath path, CatalogFunction function) {
        return new FunctionRecord(
                catalogName,
                path.getDatabaseName(),
                path.getObjectName(),
                function.getClassName(),
                function.getFunctionLanguage().name(),
                function.getFunctionResources().stream()
                        .map(uri -> new FunctionResource(uri.getResourceType().name(), uri.getUri()))
                        .toList(),
                function.getOptions());
    }

    static CatalogFunction toFunction(FunctionRecord record) {
        return new CatalogFunctionImpl(
                record.className(),
                FunctionLanguage.valueOf(record.language()),
                record.resources().stream()
                        .map(resource -> new ResourceUri(ResourceType.valueOf(resource.type()), resource.uri()))
                        .toList(),
                record.options());
    }
}
