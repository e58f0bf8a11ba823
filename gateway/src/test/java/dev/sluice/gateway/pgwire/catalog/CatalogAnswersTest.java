package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.ClientStatements;
import dev.sluice.gateway.pgwire.LocalAnswers;
import dev.sluice.gateway.pgwire.PgColumn;
import dev.sluice.gateway.pgwire.PgException;
import dev.sluice.gateway.pgwire.PgResult;
import dev.sluice.gateway.pgwire.PgSessionView;
import dev.sluice.gateway.pgwire.PgTable;
import dev.sluice.gateway.pgwire.PgTable.Column;
import dev.sluice.gateway.pgwire.PgTable.Kind;
import dev.sluice.gateway.pgwire.PgType;
import dev.sluice.gateway.pgwire.PgTypes;
import dev.sluice.gateway.pgwire.SqlState;
import dev.sluice.gateway.pgwire.catalog.CapturedStatements.Statement;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The catalog queries real clients sent to a real PostgreSQL 15 (the fixtures under {@code pgwire/clients/}) are
 * answered from a tenant's catalog, with the columns PostgreSQL describes them with; everything else those clients
 * sent is left to the listener; other catalog queries are refused, never guessed at.
 */
class CatalogAnswersTest {

    private static final CatalogAnswers ANSWERS = CatalogAnswers.standard();

    /** What the listener asks: its answers to a client's own statements (version(), BEGIN, SET), then the catalog's. */
    private static final LocalAnswers LISTENER = LocalAnswers.firstOf(new ClientStatements(), ANSWERS);

    private static final Session ACME = new Session(
            "acme",
            List.of(
                    new PgTable(
                            "acme",
                            "orders",
                            Kind.TABLE,
                            List.of(
                                    column("order_id", new BigIntType(false), true),
                                    column("customer", new VarCharType(40), false),
                                    column("amount", new DecimalType(12, 2), false),
                                    column("qty", new IntType(), false),
                                    column("price", new DoubleType(), false),
                                    column("ordered_at", new TimestampType(3), false),
                                    column("flag", new BooleanType(), false),
                                    column(
                                            "tags",
                                            new MapType(VarCharType.STRING_TYPE, VarCharType.STRING_TYPE),
                                            false))),
                    new PgTable("acme", "clicks", Kind.TABLE, List.of(column("url", VarCharType.STRING_TYPE, false))),
                    new PgTable(
                            "acme",
                            "big_orders",
                            Kind.VIEW,
                            List.of(column("order_id", new BigIntType(false), true)))));

    private static Column column(String name, LogicalType type, boolean notNull) {
        return new Column(name, PgTypes.of(type), !notNull, type.asSummaryString());
    }

    /** A connection's view of its session, as the listener gives it: here, an analyst of {@code tenant} named ann. */
    private record Session(String tenant, List<PgTable> tables) implements PgSessionView {
        @Override
        public String user() {
            return "ann";
        }

        @Override
        public String database() {
            return "sluice";
        }

        @Override
        public Map<String, String> parameters() {
            return Map.of();
        }

        @Override
        public void setParameter(String name, String value) {
            throw new UnsupportedOperationException("catalog answers set no parameters");
        }

        @Override
        public String currentCatalog() {
            return "sluice";
        }

        @Override
        public String currentSchema() {
            return tenant;
        }
    }

    static List<CapturedStatements> clients() {
        return CapturedStatements.CLIENTS.stream().map(CapturedStatements::of).toList();
    }

    /** A statement reads the system catalogs when it names one of them (what the answers refuse when they cannot answer). */
    private static final Pattern SYSTEM_CATALOG = Pattern.compile(
            "(?i)\\b(pg_\\w+|information_schema|current_schema|current_catalog|current_database|version)\\b");

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void everyCatalogQueryAClientSentIsAnsweredAndNothingElseIs(CapturedStatements client) {
        assertThat(client.statements()).isNotEmpty();
        List<String> unanswered = new ArrayList<>();
        for (Statement statement : client.statements()) {
            boolean catalog = SYSTEM_CATALOG.matcher(statement.sql()).find();
            try {
                if (catalog
                        && LISTENER.answer(statement.sql(), statement.parameters(), ACME)
                                .isEmpty()) {
                    unanswered.add(statement.sql());
                }
                if (!catalog) {
                    assertThat(answer(statement.sql(), statement.parameters()))
                            .as(statement.sql())
                            .isEmpty();
                }
            } catch (PgException e) {
                unanswered.add(statement.sql());
            }
        }
        assertThat(unanswered)
                .as("catalog queries of " + client.client() + " left unanswered")
                .isEmpty();
    }

    @Test
    void psqlListsTheTenantsTablesAndViews() {
        PgResult tables = answer(psql("\\dt")).orElseThrow();
        assertThat(tables.columns()).extracting(PgColumn::name).containsExactly("Schema", "Name", "Type", "Owner");
        assertThat(tables.rows())
                .containsExactly(List.of("acme", "clicks", "table", "ann"), List.of("acme", "orders", "table", "ann"));

        PgResult everything = answer(psql("\\d")).orElseThrow();
        assertThat(everything.rows())
                .extracting(row -> row.get(1) + " " + row.get(2))
                .containsExactly("big_orders view", "clicks table", "orders table");

        PgResult pattern = answer(psql("\\dt ord*")).orElseThrow();
        assertThat(pattern.rows()).extracting(row -> row.get(1)).containsExactly("orders");
    }

    @Test
    void psqlDescribesATableByTheOidItLookedUp() {
        PgResult lookup = answer(psql("\\d orders lookup")).orElseThrow();
        assertThat(lookup.rows()).hasSize(1);
        Object oid = lookup.rows().get(0).get(0);
        assertThat(lookup.rows().get(0).subList(1, 3)).containsExactly("acme", "orders");

        PgResult table = answer(psql("\\d orders table").replace("'16385'", "'" + oid + "'"))
                .orElseThrow();
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().get(0).get(1)).isEqualTo("r");
        assertThat(table.rows().get(0).get(14)).isEqualTo("heap");

        PgResult columns = answer(psql("\\d orders columns").replace("'16385'", "'" + oid + "'"))
                .orElseThrow();
        assertThat(columns.columns())
                .extracting(PgColumn::type)
                .containsExactly(
                        PgType.NAME, PgType.TEXT, PgType.TEXT, PgType.BOOL, PgType.NAME, PgType.CHAR, PgType.CHAR);
        assertThat(answer(psql("\\d+ orders columns").replace("'16385'", "'" + oid + "'"))
                        .orElseThrow()
                        .rows())
                .extracting(row -> row.get(0) + " " + row.get(10))
                .contains("ordered_at TIMESTAMP(3)", "tags MAP<STRING, STRING>");
        assertThat(columns.rows())
                .extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(3))
                .containsExactly(
                        "order_id bigint true",
                        "customer character varying(40) false",
                        "amount numeric(12,2) false",
                        "qty integer false",
                        "price double precision false",
                        "ordered_at timestamp(3) without time zone false",
                        "flag boolean false",
                        "tags jsonb false");
    }

    @Test
    void sqlalchemyListsTablesAndReadsColumnsInTheDefaultSchema() {
        assertThat(answer("select current_database()").orElseThrow().rows()).containsExactly(List.of("sluice"));
        PgResult tables = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'acme' AND c.relkind in ('r', 'p')")
                .orElseThrow();
        assertThat(tables.rows()).containsExactly(List.of("clicks"), List.of("orders"));
        PgResult views = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'acme' AND c.relkind IN ('v', 'm')")
                .orElseThrow();
        assertThat(views.rows()).containsExactly(List.of("big_orders"));
        PgResult other = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'beta' AND c.relkind in ('r', 'p')")
                .orElseThrow();
        assertThat(other.rows()).isEmpty();

        String oidQuery = statementOf("sqlalchemy", "SELECT c.oid").replace("'orders'", "'orders'");
        Object oid = answer(oidQuery).orElseThrow().rows().get(0).get(0);
        PgResult columns = answer(statementOf("sqlalchemy", "AS DEFAULT").replace("16385", oid.toString()))
                .orElseThrow();
        assertThat(columns.rows())
                .extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(3))
                .startsWith(
                        "order_id bigint true", "customer character varying(40) false", "amount numeric(12,2) false");
        assertThat(columns.rows().get(0).get(4)).isEqualTo(oid);
    }

    @Test
    void pgjdbcGetsTablesOfTheTypesAskedForInTheirOrder() {
        String tablesAndViews = statementOf("pgjdbc", "OR ( c.relkind = 'v'");
        PgResult both = answer(tablesAndViews).orElseThrow();
        assertThat(both.rows())
                .extracting(row -> row.get(3) + " " + row.get(2))
                .containsExactly("TABLE clicks", "TABLE orders", "VIEW big_orders");

        String onlyTables = statementOf("pgjdbc", "\"TABLE_TYPE\"", "AND n.nspname LIKE 'public'")
                .replace("'public'", "'acme'");
        assertThat(answer(onlyTables).orElseThrow().rows())
                .extracting(row -> row.get(2))
                .containsExactly("clicks", "orders");
        String otherSchema = statementOf("pgjdbc", "\"TABLE_TYPE\"", "AND n.nspname LIKE 'public'");
        assertThat(answer(otherSchema).orElseThrow().rows()).isEmpty();
    }

    @Test
    void pgjdbcGetsColumnsWithTypeOidsAndModifiers() {
        PgResult columns = answer(statementOf("pgjdbc", "row_number() OVER").replace("'public'", "'acme'"))
                .orElseThrow();
        assertThat(columns.rows())
                .extracting(row -> row.get(3) + " " + row.get(4) + " " + row.get(6) + " " + row.get(9))
                .containsExactly(
                        "order_id 20 -1 1",
                        "customer 1043 44 2",
                        "amount 1700 786438 3",
                        "qty 23 -1 4",
                        "price 701 -1 5",
                        "ordered_at 1114 3 6",
                        "flag 16 -1 7",
                        "tags 3802 -1 8");
        PgResult jsonb = answer(statementOf("pgjdbc", "n.nspname = ANY(current_schemas(true))"), List.of("3802"))
                .orElseThrow();
        assertThat(jsonb.rows()).containsExactly(Arrays.asList(true, "pg_catalog", "jsonb"));
    }

    @Test
    void aCatalogQueryOfAnotherShapeIsRefusedWithWhatIsSupported() {
        assertThatThrownBy(() -> answer("SELECT relname, relpages FROM pg_catalog.pg_class"))
                .isInstanceOfSatisfying(PgException.class, e -> {
                    assertThat(e.state()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED);
                    assertThat(e.hint()).contains("psql 15", "pgjdbc 42.7", "SQLAlchemy 1.4", "SHOW TABLES");
                });
        assertThatThrownBy(() -> answer("SELECT * FROM information_schema.tables"))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.state()).isEqualTo(SqlState.FEATURE_NOT_SUPPORTED));
    }

    @Test
    void statementsForFlinkAreLeftAlone() {
        assertThat(answer("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ordered_at),"
                        + " INTERVAL '1' MINUTE)) GROUP BY window_start, window_end"))
                .isEmpty();
        assertThat(answer("SHOW TABLES")).isEmpty();
        assertThat(answer("SELECT 'unterminated")).isEmpty();
    }

    @Test
    void aPatternThatWouldBacktrackForeverIsRefusedQuickly() {
        String evil = psql("\\dt ord*").replace("'^(ord.*)$'", "'^(.*a){20}$'");
        long started = System.nanoTime();
        Session longNames =
                new Session("acme", List.of(new PgTable("acme", "a".repeat(40) + "b", Kind.TABLE, List.of())));
        assertThatThrownBy(() -> ANSWERS.answer(evil, List.of(), longNames))
                .isInstanceOfSatisfying(
                        PgException.class, e -> assertThat(e.getMessage()).contains("too long"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static Optional<PgResult> answer(String sql) {
        return answer(sql, List.of());
    }

    private static Optional<PgResult> answer(String sql, List<Object> parameters) {
        return ANSWERS.answer(sql, parameters, ACME);
    }

    /** psql's statements for a meta-command, as captured ({@code \d orders} is a lookup, then the table, then columns). */
    private static String psql(String command) {
        return switch (command) {
            case "\\dt" -> statementOf("psql", "WHERE c.relkind IN ('r','p','')");
            case "\\d" ->
                statementOf("psql", "WHERE c.relkind IN ('r','p','v','m','S','f','')")
                        .replace("'public'", "'acme'");
            case "\\dt ord*" -> statementOf("psql", "'^(ord.*)$'");
            case "\\d orders lookup" ->
                statementOf("psql", "'^(orders)$' COLLATE pg_catalog.default\n  AND pg_catalog.pg_table_is_visible");
            case "\\d orders table" ->
                statementOf(
                        "psql",
                        "c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '',");
            case "\\d orders columns" -> statementOf("psql", "a.attgenerated\nFROM");
            case "\\d+ orders columns" -> statementOf("psql", "pg_catalog.col_description(a.attrelid, a.attnum)");
            default -> throw new IllegalArgumentException(command);
        };
    }

    /** The first captured statement of a client that contains every one of {@code parts}. */
    private static String statementOf(String client, String... parts) {
        return CapturedStatements.of(client).statements().stream()
                .map(Statement::sql)
                .filter(sql -> Arrays.stream(parts).allMatch(sql::contains))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no captured " + client + " statement contains " + List.of(parts)));
    }
}
