package dev.sluice.gateway.pgwire.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * One session's catalog as PostgreSQL's system catalogs would show it: the database (Sluice's catalog), the schemas
 * (the Flink databases the session sees: an analyst's one tenant database), and their tables and views with typed
 * columns. Catalog answers read nothing else, so a tenant's answers hold only what its own session could query.
 *
 * <p>Object identifiers are derived from names, not counted, so that the OID a client read in one query (psql's
 * {@code \d} looks a table up, then asks for its columns by OID) still names the same table in the next one, even
 * when the catalog changed between them.
 *
 * @param database what {@code current_database()} answers
 * @param user the user name the client connected with (informative: the token decides who it is)
 * @param currentSchema the schema unqualified names resolve in; the only one in the search path
 * @param serverVersion the PostgreSQL version the listener announces, e.g. {@code 15.0}
 */
public record CatalogSnapshot(
        String database,
        String user,
        String currentSchema,
        String serverVersion,
        List<String> schemas,
        List<Relation> relations) {

    /** Where user objects' OIDs start in PostgreSQL (FirstNormalObjectId). */
    private static final long FIRST_OBJECT_OID = 16384;

    public CatalogSnapshot {
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(currentSchema, "currentSchema is null");
        requireNonNull(serverVersion, "serverVersion is null");
        schemas = List.copyOf(schemas);
        relations = relations.stream()
                .sorted(Comparator.comparing(Relation::schema).thenComparing(Relation::name))
                .toList();
    }

    public enum Kind {
        TABLE('r', "table", "TABLE"),
        VIEW('v', "view", "VIEW");

        private final char relkind;
        private final String psqlName;
        private final String jdbcName;

        Kind(char relkind, String psqlName, String jdbcName) {
            this.relkind = relkind;
            this.psqlName = psqlName;
            this.jdbcName = jdbcName;
        }
    }

    /** A table or view: @param comment null when it has none */
    public record Relation(String schema, String name, Kind kind, List<Column> columns, String comment) {
        public Relation {
            requireNonNull(schema, "schema is null");
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            columns = List.copyOf(columns);
        }
    }

    /** A column: @param comment null when it has none */
    public record Column(String name, PgColumnType type, boolean notNull, String comment) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(type, "type is null");
        }
    }

    /** What a catalog query's rows come from; each row is a map of field names to values. */
    enum Source {
        NONE, ONE, DATABASES, SCHEMAS, RELATIONS, ATTRIBUTES, TYPES
    }

    String version() {
        return "PostgreSQL " + serverVersion + " (Sluice, a streaming SQL gateway on Apache Flink)";
    }

    List<Map<String, Object>> rows(Source source) {
        return switch (source) {
            case NONE -> List.of();
            case ONE -> List.of(sessionFields());
            case DATABASES -> List.of(databaseFields());
            case SCHEMAS -> schemas.stream().sorted().map(this::schemaFields).toList();
            case RELATIONS -> relationRows();
            case ATTRIBUTES -> attributeRows();
            case TYPES -> typeRows();
        };
    }

    private Map<String, Object> sessionFields() {
        Map<String, Object> row = new HashMap<>();
        row.put("version", version());
        row.put("current_schema", currentSchema);
        row.put("current_database", database);
        row.put("current_user", user);
        return row;
    }

    private Map<String, Object> databaseFields() {
        Map<String, Object> row = sessionFields();
        row.put("oid", FIRST_OBJECT_OID);
        row.put("datname", database);
        return row;
    }

    private Map<String, Object> schemaFields(String schema) {
        Map<String, Object> row = sessionFields();
        row.put("oid", oidOf("schema", schema));
        row.put("nspname", schema);
        row.put("visible", schema.equals(currentSchema));
        return row;
    }

    private List<Map<String, Object>> relationRows() {
        Map<Relation, Long> oids = relationOids();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            rows.add(relationFields(relation, oids.get(relation)));
        }
        return rows;
    }

    private Map<String, Object> relationFields(Relation relation, long oid) {
        Map<String, Object> row = schemaFields(relation.schema());
        row.put("oid", oid);
        row.put("relname", relation.name());
        row.put("relkind", String.valueOf(relation.kind().relkind));
        row.put("relkind_name", relation.kind().psqlName);
        row.put("table_type", relation.kind().jdbcName);
        row.put("amname", relation.kind() == Kind.TABLE ? "heap" : null);
        row.put("description", relation.comment());
        return row;
    }

    private List<Map<String, Object>> attributeRows() {
        Map<Relation, Long> oids = relationOids();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Relation relation : relations) {
            int number = 0;
            for (Column column : relation.columns()) {
                number++;
                Map<String, Object> row = relationFields(relation, oids.get(relation));
                row.put("attrelid", oids.get(relation));
                row.put("attname", column.name());
                row.put("attnum", number);
                row.put("atttypid", column.type().type().oid());
                row.put("atttypmod", column.type().typmod());
                row.put("attlen", column.type().type().length());
                // How PostgreSQL would store it: variable-length values out of line ('x'), fixed ones inline ('p').
                row.put("attstorage", column.type().type().length() < 0 ? "x" : "p");
                row.put("attnotnull", column.notNull());
                row.put("format_type", column.type().formatType());
                row.put("typname", column.type().type().typname());
                row.put("attdescription", column.comment());
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Map<String, Object>> typeRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PgType type : PgType.values()) {
            Map<String, Object> row = sessionFields();
            row.put("oid", (long) type.oid());
            row.put("typname", type.typname());
            row.put("typarray", (long) type.arrayType().map(PgType::oid).orElse(0));
            row.put("is_array", type.element().isPresent());
            row.put("nspname", "pg_catalog");
            rows.add(row);
        }
        return rows;
    }

    /** OIDs from a hash of the schema and name, moved on past any taken by a relation sorted before it. */
    private Map<Relation, Long> relationOids() {
        Map<Relation, Long> oids = new LinkedHashMap<>();
        Set<Long> taken = new HashSet<>();
        for (Relation relation : relations) {
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
