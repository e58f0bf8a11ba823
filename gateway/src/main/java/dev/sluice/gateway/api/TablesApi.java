package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.Column;
import dev.sluice.gateway.api.model.TableList;
import dev.sluice.gateway.api.model.TableResponse;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.catalog.SessionCatalogs;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The catalog's tables and views in the caller's tenant database, with their columns: what the console completes as
 * the analyst types. It reads the catalog through the caller's own view of it, as the caller's sessions do.
 */
public final class TablesApi implements RouteGroup {

    private final SessionCatalogs catalogs;

    public TablesApi(SessionCatalogs catalogs) {
        this.catalogs = requireNonNull(catalogs, "catalogs is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                // The caller's own tenant database: there is no way to name another.
                new Route(HandlerType.GET, "/api/v1/tables", Access.AUTHENTICATED, null, this::list));
    }

    void list(Context ctx) {
        Principal caller = ApiServer.caller(ctx);
        String database = catalogs.databaseOf(caller.tenant());
        Catalog catalog = catalogs.forCaller(caller);
        List<TableResponse> tables = new ArrayList<>();
        try {
            for (String name : catalog.listTables(database)) {
                try {
                    CatalogBaseTable table = catalog.getTable(new ObjectPath(database, name));
                    tables.add(
                            new TableResponse(name, table.getTableKind().name(), columns(table.getUnresolvedSchema())));
                } catch (TableNotExistException e) {
                    // Dropped since it was listed: leave it out.
                }
            }
        } catch (DatabaseNotExistException e) {
            // A tenant whose database was never made has no tables yet.
        }
        ctx.json(new TableList(database, tables));
    }

    private static List<Column> columns(Schema schema) {
        return schema.getColumns().stream()
                .map(column -> new Column(column.getName(), type(column)))
                .toList();
    }

    private static String type(Schema.UnresolvedColumn column) {
        if (column instanceof Schema.UnresolvedPhysicalColumn physical) {
            return unbracketed(physical.getDataType().toString());
        }
        if (column instanceof Schema.UnresolvedComputedColumn computed) {
            return "AS " + unbracketed(computed.getExpression().asSummaryString());
        }
        if (column instanceof Schema.UnresolvedMetadataColumn metadata) {
            return unbracketed(metadata.getDataType().toString()) + " METADATA";
        }
        return column.toString();
    }

    /** A stored schema's types and expressions are unresolved, and Flink prints those as {@code [INT]}. */
    private static String unbracketed(String text) {
        return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    }
}
