package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The persistent objects of Flink catalogs: databases, tables and views, functions. Every method is scoped by a
 * catalog name. Lookups of missing objects return empty or {@code false}; creating an object that exists throws a
 * {@link StoreException} with reason {@link StoreException.Reason#ALREADY_EXISTS}, and creating one in a missing
 * database throws one with reason {@link StoreException.Reason#BROKEN_REFERENCE}.
 */
public final class CatalogRepository {

    private static final String DATABASE_COLUMNS = "catalog_name, database_name, comment_text, properties";

    private static final String TABLE_COLUMNS =
            "catalog_name, database_name, table_name, kind, properties, original_query, expanded_query, comment_text";

    private static final String FUNCTION_COLUMNS =
            "catalog_name, database_name, function_name, class_name, language, resources, options";

    private final Jdbc jdbc;
    private final CatalogVersion version;

    public CatalogRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(requireNonNull(dataSource, "dataSource is null"));
        this.version = new CatalogVersion(dataSource);
    }

    // ------ databases ------

    public void createDatabase(DatabaseRecord database) {
        requireNonNull(database, "database is null");
        change(
                "create database " + describe(database.catalogName(), database.name()),
                "INSERT INTO catalog_database (" + DATABASE_COLUMNS + ") VALUES (?, ?, ?, ?)",
                database.catalogName(),
                database.name(),
                database.comment(),
                Json.write(database.properties()));
    }

    public Optional<DatabaseRecord> findDatabase(String catalogName, String databaseName) {
        return jdbc.queryFirst(
                "read database " + describe(catalogName, databaseName),
                "SELECT " + DATABASE_COLUMNS + " FROM catalog_database WHERE catalog_name = ? AND database_name = ?",
                CatalogRepository::database,
                catalogName,
                databaseName);
    }

    /** Names sorted. */
    public List<String> listDatabaseNames(String catalogName) {
        return jdbc.query(
                "list databases of catalog '" + catalogName + "'",
                "SELECT database_name FROM catalog_database WHERE catalog_name = ? ORDER BY database_name",
                row -> row.getString(1),
                catalogName);
    }

    /** Replaces the comment and properties; {@code false} if the database does not exist. */
    public boolean replaceDatabase(DatabaseRecord database) {
        requireNonNull(database, "database is null");
        return change(
                        "alter database " + describe(database.catalogName(), database.name()),
                        "UPDATE catalog_database SET comment_text = ?, properties = ? "
                                + "WHERE catalog_name = ? AND database_name = ?",
                        database.comment(),
                        Json.write(database.properties()),
                        database.catalogName(),
                        database.name())
                > 0;
    }

    /** Whether the database holds any table, view or function. */
    public boolean isDatabaseEmpty(String catalogName, String databaseName) {
        return jdbc.withConnection(
                "inspect database " + describe(catalogName, databaseName),
                connection -> isEmpty(connection, catalogName, databaseName));
    }

    /**
     * Drops the database; with {@code cascade} also its tables, views and functions, all in one transaction.
     * Without it, a database that is not empty is left as it is and {@link StoreException.Reason#NOT_EMPTY} thrown.
     *
     * @return {@code false} if the database does not exist
     */
    public boolean dropDatabase(String catalogName, String databaseName, boolean cascade) {
        String action = "drop database " + describe(catalogName, databaseName);
        boolean dropped = jdbc.inTransaction(action, connection -> {
            if (!cascade && !isEmpty(connection, catalogName, databaseName)) {
                throw new StoreException(StoreException.Reason.NOT_EMPTY, "Cannot " + action + ": it is not empty");
            }
            String children = " WHERE catalog_name = ? AND database_name = ?";
            Jdbc.update(connection, "DELETE FROM catalog_table" + children, catalogName, databaseName);
            Jdbc.update(connection, "DELETE FROM catalog_function" + children, catalogName, databaseName);
            return Jdbc.update(connection, "DELETE FROM catalog_database" + children, catalogName, databaseName) > 0;
        });
        version.raise();
        return dropped;
    }

    // ------ tables and views ------

    public void createTable(TableRecord table) {
        requireNonNull(table, "table is null");
        change(
                "create " + describe(table),
                "INSERT INTO catalog_table (" + TABLE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                table.catalogName(),
                table.databaseName(),
                table.name(),
                table.kind(),
                Json.write(table.properties()),
                table.originalQuery(),
                table.expandedQuery(),
                table.comment());
    }

    public Optional<TableRecord> findTable(String catalogName, String databaseName, String tableName) {
        return jdbc.queryFirst(
                "read table " + describe(catalogName, databaseName, tableName),
                "SELECT " + TABLE_COLUMNS + " FROM catalog_table "
                        + "WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
                CatalogRepository::table,
                catalogName,
                databaseName,
                tableName);
    }

    /** Names of tables and views, sorted. */
    public List<String> listTableNames(String catalogName, String databaseName) {
        return jdbc.query(
                "list tables of " + describe(catalogName, databaseName),
                "SELECT table_name FROM catalog_table WHERE catalog_name = ? AND database_name = ? ORDER BY table_name",
                row -> row.getString(1),
                catalogName,
                databaseName);
    }

    /** Names of the objects of one kind, sorted. */
    public List<String> listTableNames(String catalogName, String databaseName, CatalogObjectKind kind) {
        return jdbc.query(
                "list " + kind + "s of " + describe(catalogName, databaseName),
                "SELECT table_name FROM catalog_table WHERE catalog_name = ? AND database_name = ? AND kind = ? "
                        + "ORDER BY table_name",
                row -> row.getString(1),
                catalogName,
                databaseName,
                kind);
    }

    /** Replaces everything but the key; {@code false} if the table does not exist. */
    public boolean replaceTable(TableRecord table) {
        requireNonNull(table, "table is null");
        return change(
                        "alter " + describe(table),
                        "UPDATE catalog_table SET kind = ?, properties = ?, original_query = ?, expanded_query = ?, "
                                + "comment_text = ? WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
                        table.kind(),
                        Json.write(table.properties()),
                        table.originalQuery(),
                        table.expandedQuery(),
                        table.comment(),
                        table.catalogName(),
                        table.databaseName(),
                        table.name())
                > 0;
    }

    /** {@code false} if the table does not exist. */
    public boolean dropTable(String catalogName, String databaseName, String tableName) {
        return change(
                        "drop table " + describe(catalogName, databaseName, tableName),
                        "DELETE FROM catalog_table WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
                        catalogName,
                        databaseName,
                        tableName)
                > 0;
    }

    /**
     * Renames a table or view within its database. Throws {@link StoreException.Reason#ALREADY_EXISTS} if the new
     * name is taken.
     *
     * @return {@code false} if the table does not exist
     */
    public boolean renameTable(String catalogName, String databaseName, String tableName, String newTableName) {
        requireNonNull(newTableName, "newTableName is null");
        return change(
                        "rename table " + describe(catalogName, databaseName, tableName) + " to '" + newTableName + "'",
                        "UPDATE catalog_table SET table_name = ? "
                                + "WHERE catalog_name = ? AND database_name = ? AND table_name = ?",
                        newTableName,
                        catalogName,
                        databaseName,
                        tableName)
                > 0;
    }

    // ------ functions ------

    public void createFunction(FunctionRecord function) {
        requireNonNull(function, "function is null");
        change(
                "create function " + describe(function.catalogName(), function.databaseName(), function.name()),
                "INSERT INTO catalog_function (" + FUNCTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                function.catalogName(),
                function.databaseName(),
                function.name(),
                function.className(),
                function.language(),
                Json.write(function.resources()),
                Json.write(function.options()));
    }

    public Optional<FunctionRecord> findFunction(String catalogName, String databaseName, String functionName) {
        return jdbc.queryFirst(
                "read function " + describe(catalogName, databaseName, functionName),
                "SELECT " + FUNCTION_COLUMNS + " FROM catalog_function "
                        + "WHERE catalog_name = ? AND database_name = ? AND function_name = ?",
                CatalogRepository::function,
                catalogName,
                databaseName,
                functionName);
    }

    /** Names sorted. */
    public List<String> listFunctionNames(String catalogName, String databaseName) {
        return jdbc.query(
                "list functions of " + describe(catalogName, databaseName),
                "SELECT function_name FROM catalog_function WHERE catalog_name = ? AND database_name = ? "
                        + "ORDER BY function_name",
                row -> row.getString(1),
                catalogName,
                databaseName);
    }

    /** Replaces everything but the key; {@code false} if the function does not exist. */
    public boolean replaceFunction(FunctionRecord function) {
        requireNonNull(function, "function is null");
        return change(
                        "alter function " + describe(function.catalogName(), function.databaseName(), function.name()),
                        "UPDATE catalog_function SET class_name = ?, language = ?, resources = ?, options = ? "
                                + "WHERE catalog_name = ? AND database_name = ? AND function_name = ?",
                        function.className(),
                        function.language(),
                        Json.write(function.resources()),
                        Json.write(function.options()),
                        function.catalogName(),
                        function.databaseName(),
                        function.name())
                > 0;
    }

    /** {@code false} if the function does not exist. */
    public boolean dropFunction(String catalogName, String databaseName, String functionName) {
        return change(
                        "drop function " + describe(catalogName, databaseName, functionName),
                        "DELETE FROM catalog_function WHERE catalog_name = ? AND database_name = ? AND function_name = ?",
                        catalogName,
                        databaseName,
                        functionName)
                > 0;
    }

    /** Every write of this repository: validations cached under the catalog's version must not outlive it. */
    private int change(String action, String sql, Object... parameters) {
        int changed = jdbc.update(action, sql, parameters);
        version.raise();
        return changed;
    }

    // ------ rows ------

    private static boolean isEmpty(Connection connection, String catalogName, String databaseName) throws SQLException {
        List<Integer> found = Jdbc.query(
                connection,
                "SELECT 1 FROM catalog_table WHERE catalog_name = ? AND database_name = ? "
                        + "UNION ALL SELECT 1 FROM catalog_function WHERE catalog_name = ? AND database_name = ? "
                        + "FETCH FIRST 1 ROWS ONLY",
                row -> row.getInt(1),
                catalogName,
                databaseName,
                catalogName,
                databaseName);
        return found.isEmpty();
    }

    private static DatabaseRecord database(ResultSet row) throws SQLException {
        return new DatabaseRecord(
                row.getString("catalog_name"),
                row.getString("database_name"),
                row.getString("comment_text"),
                Json.readMap(row.getString("properties")));
    }

    private static TableRecord table(ResultSet row) throws SQLException {
        return new TableRecord(
                row.getString("catalog_name"),
                row.getString("database_name"),
                row.getString("table_name"),
                CatalogObjectKind.valueOf(row.getString("kind")),
                Json.readMap(row.getString("properties")),
                row.getString("original_query"),
                row.getString("expanded_query"),
                row.getString("comment_text"));
    }

    private static FunctionRecord function(ResultSet row) throws SQLException {
        return new FunctionRecord(
                row.getString("catalog_name"),
                row.getString("database_name"),
                row.getString("function_name"),
                row.getString("class_name"),
                row.getString("language"),
                Json.readResources(row.getString("resources")),
                Json.readMap(row.getString("options")));
    }

    private static String describe(TableRecord table) {
        return table.kind().name().toLowerCase(Locale.ROOT) + " "
                + describe(table.catalogName(), table.databaseName(), table.name());
    }

    private static String describe(String catalogName, String databaseName) {
        return "'" + catalogName + "." + databaseName + "'";
    }

    private static String describe(String catalogName, String databaseName, String objectName) {
        return "'" + catalogName + "." + databaseName + "." + objectName + "'";
    }
}
