package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgSessionView;
import dev.sluice.gateway.pgwire.PgTable;
import dev.sluice.gateway.pgwire.PgType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;

import static java.util.Objects.requireNonNull;

/**
 * One session's catalog as PostgreSQL's system catalogs would show it: the database (the session's Flink catalog),
 * the schemas (the Flink databases the session sees: an analyst's one tenant database), and their tables and views
 * with typed columns. Catalog answers read nothing else, so a tenant's answers hold only what its own session could
 * query.
 *
 * <p>Object identifiers are derived from names, not counted, so that the OID a client read in one query (psql's
 * {@code \d} looks a table up, then asks for its columns by OID) still names the same table in the next one, even
 * when the catalog changed between them.
 *
 * <p>The database is what {@code current_database()} answers, the user the name the client connected with
 * (informative: the token decides who it is), and the current schema the one unqualified names resolve in, the only
 * one in the search path. One snapshot serves one statement, and reads only what its answer needs.
 */
final class CatalogSnapshot {

    /** Where user objects' OIDs start in PostgreSQL (FirstNormalObjectId). */
    private static final long FIRST_OBJECT_OID = 16384;

    private final PgSessionView session;
    private String database;
    private String currentSchema;
    private List<PgTable> relations;

    /** Reads of the session's catalog cost a table environment each: each is made when an answer needs it, once. */
    CatalogSnapshot(PgSessionView session) {
        this.session = requireNonNull(session, "session is null");
    }

    String database() {
        if (database == null) {
            database = session.currentCatalog();
        }
        return database;
    }

    String currentSchema() {
        if (currentSchema == null) {
            currentSchema = session.currentSchema();
        }
        return currentSchema;
    }

    /** The session's tables and views by schema and name. */
    private List<PgTable> relations() {
        if (relations == null) {
            relations = session.tables().stream()
                    .sorted(Comparator.comparing(PgTable::schema).thenComparing(PgTable::name))
                    .toList();
        }
        return relations;
    }

    /** What a catalog query's rows come from; each row is a map of field names to values. */
    enum Source {
        NONE,
        ONE,
        DATABASES,
        SCHEMAS,
        RELATIONS,
        ATTRIBUTES,
        TYPES
    }

    List<Map<String, Object>> rows(Source source) {
        return switch (source) {
            case NONE -> List.of();
            case ONE -> List.of(sessionFields());
            case DATABASES -> List.of(databaseFields());
            case SCHEMAS -> schemas().stream().map(this::schemaFields).toList();
            case RELATIONS -> relationRows();
            case ATTRIBUTES -> attributeRows();
            case TYPES -> typeRows();
        };
    }

    /** The schemas: the current one, and those of the tables the session sees. */
    private Set<String> schemas() {
        Set<String> schemas = new TreeSet<>();
        schemas.add(currentSchema());
        relations().forEach(relation -> schemas.add(relation.schema()));
        return schemas;
    }

    private Map<String, Object> sessionFields() {
        Map<String, Object> row = new HashMap<>();
        row.put("current_schema", currentSchema());
        row.put("current_database", database());
        row.put("current_user", session.user());
        return row;
    }

    private Map<String, Object> databaseFields() {
        Map<String, Object> row = sessionFields();
        row.put("oid", FIRST_OBJECT_OID);
        row.put("datname", database());
        return row;
    }

    private Map<String, Object> schemaFields(String schema) {
        Map<String, Object> row = sessionFields();
        row.put("oid", oidOf("schema", schema));
        row.put("nspname", schema);
        return row;
    }

    private List<Map<String, Object>> relationRows() {
        Map<PgTable, Long> oids = relationOids();
        return relations().stream()
                .map(relation -> relationFields(relation, oids.get(relation)))
                .toList();
    }

    private Map<String, Object> relationFields(PgTable relation, long oid) {
        boolean table = relation.kind() == PgTable.Kind.TABLE;
        Map<String, Object> row = schemaFields(relation.schema());
        row.put("oid", oid);
        row.put("relname", relation.name());
        row.put("relkind", table ? "r" : "v");
        row.put("relkind_name", table ? "table" : "view");
        row.put("table_type", table ? "TABLE" : "VIEW");
        row.put("amname", table ? "heap" : null);
        return row;
    }

    private List<Map<String, Object>> attributeRows() {
        Map<PgTable, Long> oids = relationOids();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PgTable relation : relations()) {
            int number = 0;
            for (PgTable.Column column : relation.columns()) {
                number++;
                PgType type = column.type();
                Map<String, Object> row = relationFields(relation, oids.get(relation));
                row.put("attrelid", oids.get(relation));
                row.put("attname", column.name());
                row.put("attnum", number);
                row.put("atttypid", type.oid());
                row.put("atttypmod", type.modifier());
                row.put("attlen", type.length());
                row.put("attnotnull", !column.nullable());
                // How PostgreSQL would store it: variable-length values out of line ('x'), fixed ones inline ('p').
                row.put("attstorage", type.length() < 0 ? "x" : "p");
                row.put("format_type", FormatType.of(type));
                // The Flink type says what the PostgreSQL one cannot: a time attribute, a MAP's key and value types.
                row.put("attdescription", column.flinkType());
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Map<String, Object>> typeRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PgType type : CatalogTypes.PG_TYPE) {
            Map<String, Object> row = new HashMap<>();
            row.put("oid", (long) type.oid());
            row.put("typname", type.name());
            row.put("typarray", (long) type.array().map(PgType::oid).orElse(0));
            row.put("is_array", type.isArray());
            row.put("nspname", "pg_catalog");
            rows.add(row);
        }
        return rows;
    }

    /** OIDs from a hash of the schema and name, moved on past any taken by a relation sorted before it. */
    private Map<PgTable, Long> relationOids() {
        Map<PgTable, Long> oids = new IdentityHashMap<>();
        Set<Long> taken = new HashSet<>();
        for (PgTable relation : relations()) {
            long oid = oidOf("relation", relation.schema() + "." + relation.name());
            while (!taken.add(oid)) {
                oid = oid + 1 >= 1L << 31 ? FIRST_OBJECT_OID : oid + 1;
            }
            oids.put(relation, oid);
        }
        return oids;
    }

    private static long oidOf(String kind, String name) {
        CRC32 crc = new CRC32();
        crc.update((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
        return FIRST_OBJECT_OID + crc.getValue() % ((1L << 31) - FIRST_OBJECT_OID);
    }
}
