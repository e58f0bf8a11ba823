package dev.sluice.gateway.pgwire.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pgwire.catalog.CatalogResult.ResultColumn;
import dev.sluice.gateway.pgwire.catalog.CatalogSnapshot.Column;
import dev.sluice.gateway.pgwire.catalog.CatalogSnapshot.Kind;
import dev.sluice.gateway.pgwire.catalog.CatalogSnapshot.Relation;
import dev.sluice.gateway.pgwire.catalog.ClientStatements.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalog queries real clients sent to a real PostgreSQL 15 (the fixtures under {@code pgwire/clients/}) are
 * answered from a tenant's catalog, with the columns PostgreSQL describes them with; everything else those clients
 * sent is left to the listener; other catalog queries are refused, never guessed at.
 */
class CatalogAnswersTest {

    private static final CatalogAnswers ANSWERS = CatalogAnswers.standard();

    private static final CatalogSnapshot ACME = new CatalogSnapshot("sluice", "ann", "acme", "15.0", List.of("acme"), List.of(
            new Relation("acme", "orders", Kind.TABLE, List.of(
                    column("order_id", new BigIntType(false), true),
                    column("customer", new VarCharType(40), false),
                    column("amount", new DecimalType(12, 2), false),
                    column("qty", new IntType(), false),
                    column("price", new DoubleType(), false),
                    column("ordered_at", new TimestampType(3), false),
                    column("flag", new BooleanType(), false),
                    column("tags", new MapType(VarCharType.STRING_TYPE, VarCharType.STRING_TYPE), false)), "what was bought"),
            new Relation("acme", "clicks", Kind.TABLE, List.of(column("url", VarCharType.STRING_TYPE, false)), null),
            new Relation("acme", "big_orders", Kind.VIEW, List.of(column("order_id", new BigIntType(false), true)), null)));

    private static Column column(String name, org.apache.flink.table.types.logical.LogicalType type, boolean notNull) {
        return new Column(name, PgColumnType.of(type), notNull, null);
    }

    static List<ClientStatements> clients() {
        return ClientStatements.CLIENTS.stream().map(ClientStatements::of).toList();
    }

    /** A statement reads the system catalogs when it names one of them (what the answers refuse when they cannot answer). */
    private static final Pattern SYSTEM_CATALOG = Pattern.compile("(?i)\\b(pg_\\w+|information_schema|current_schema|current_catalog|current_database|version)\\b");

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void everyCatalogQueryAClientSentIsAnsweredAndNothingElseIs(ClientStatements client) {
        assertThat(client.statements()).isNotEmpty();
        List<String> unanswered = new ArrayList<>();
        for (Statement statement : client.statements()) {
            boolean catalog = SYSTEM_CATALOG.matcher(statement.sql()).find();
            try {
                Optional<CatalogResult> answer = answer(statement.sql(), statement.parameters());
                if (catalog && answer.isEmpty()) {
                    unanswered.add(statement.sql());
                }
                if (!catalog) {
                    assertThat(answer).as(statement.sql()).isEmpty();
                }
            } catch (GatewayException e) {
                unanswered.add(statement.sql());
            }
        }
        assertThat(unanswered).as("catalog queries of " + client.client() + " left unanswered").isEmpty();
    }

    @Test
    void psqlListsTheTenantsTablesAndViews() {
        CatalogResult tables = answer(psql("\\dt")).orElseThrow();
        assertThat(tables.columns()).extracting(ResultColumn::name).containsExactly("Schema", "Name", "Type", "Owner");
        assertThat(tables.rows()).containsExactly(
                List.of("acme", "clicks", "table", "ann"),
                List.of("acme", "orders", "table", "ann"));

        CatalogResult everything = answer(psql("\\d")).orElseThrow();
        assertThat(everything.rows()).extracting(row -> row.get(1) + " " + row.get(2))
                .containsExactly("big_orders view", "clicks table", "orders table");

        CatalogResult pattern = answer(psql("\\dt ord*")).orElseThrow();
        assertThat(pattern.rows()).extracting(row -> row.get(1)).containsExactly("orders");
    }

    @Test
    void psqlDescribesATableByTheOidItLookedUp() {
        CatalogResult lookup = answer(psql("\\d orders lookup")).orElseThrow();
        assertThat(lookup.rows()).hasSize(1);
        Object oid = lookup.rows().get(0).get(0);
        assertThat(lookup.rows().get(0).subList(1, 3)).containsExactly("acme", "orders");

        CatalogResult table = answer(psql("\\d orders table").replace("'16385'", "'" + oid + "'")).orElseThrow();
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().get(0).get(1)).isEqualTo("r");
        assertThat(table.rows().get(0).get(14)).isEqualTo("heap");

        CatalogResult columns = answer(psql("\\d orders columns").replace("'16385'", "'" + oid + "'")).orElseThrow();
        assertThat(columns.columns()).extracting(ResultColumn::type)
                .containsExactly(PgType.NAME, PgType.TEXT, PgType.TEXT, PgType.BOOL, PgType.NAME, PgType.CHAR, PgType.CHAR);
        assertThat(columns.rows()).extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(3)).containsExactly(
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
        assertThat(answer("select current_schema()").orElseThrow().rows()).containsExactly(List.of("acme"));
        assertThat(answer("select pg_catalog.version()").orElseThrow().rows().get(0).get(0).toString())
                .startsWith("PostgreSQL 15.0 ");
        CatalogResult tables = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'acme' AND c.relkind in ('r', 'p')").orElseThrow();
        assertThat(tables.rows()).containsExactly(List.of("clicks"), List.of("orders"));
        CatalogResult views = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'acme' AND c.relkind IN ('v', 'm')").orElseThrow();
        assertThat(views.rows()).containsExactly(List.of("big_orders"));
        CatalogResult other = answer("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'beta' AND c.relkind in ('r', 'p')").orElseThrow();
        assertThat(other.rows()).isEmpty();

        String oidQuery = statementOf("sqlalchemy", "SELECT c.oid").replace("'orders'", "'orders'");
        Object oid = answer(oidQuery).orElseThrow().rows().get(0).get(0);
        CatalogResult columns = answer(statementOf("sqlalchemy", "AS DEFAULT").replace("16385", oid.toString())).orElseThrow();
        assertThat(columns.rows()).extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(3)).startsWith(
                "order_id bigint true", "customer character varying(40) false", "amount numeric(12,2) false");
        assertThat(columns.rows().get(0).get(4)).isEqualTo(oid);
    }

    @Test
    void pgjdbcGetsTablesOfTheTypesAskedForInTheirOrder() {
        String tablesAndViews = statementOf("pgjdbc", "OR ( c.relkind = 'v'");
        CatalogResult both = answer(tablesAndViews).orElseThrow();
        assertThat(both.rows()).extracting(row -> row.get(3) + " " + row.get(2))
                .containsExactly("TABLE clicks", "TABLE orders", "VIEW big_orders");
        assertThat(both.rows().get(1).get(4)).isEqualTo("what was bought");

        String onlyTables = statementOf("pgjdbc", "\"TABLE_TYPE\"", "AND n.nspname LIKE 'public'").replace("'public'", "'acme'");
        assertThat(answer(onlyTables).orElseThrow().rows()).extracting(row -> row.get(2)).containsExactly("clicks", "orders");
        String otherSchema = statementOf("pgjdbc", "\"TABLE_TYPE\"", "AND n.nspname LIKE 'public'");
        assertThat(answer(otherSchema).orElseThrow().rows()).isEmpty();
    }

    @Test
    void pgjdbcGetsColumnsWithTypeOidsAndModifiers() {
        CatalogResult columns = answer(statementOf("pgjdbc", "row_number() OVER").replace("'public'", "'acme'")).orElseThrow();
        assertThat(columns.rows()).extracting(row -> row.get(3) + " " + row.get(4) + " " + row.get(6) + " " + row.get(9))
                .containsExactly(
                        "order_id 20 -1 1",
                        "customer 1043 44 2",
                        "amount 1700 786438 3",
                        "qty 23 -1 4",
                        "price 701 -1 5",
                        "ordered_at 1114 3 6",
                        "flag 16 -1 7",
                        "tags 3802 -1 8");
        CatalogResult jsonb = answer(statementOf("pgjdbc", "n.nspname = ANY(current_schemas(true))"), List.of("3802")).orElseThrow();
        assertThat(jsonb.rows()).containsExactly(Arrays.asList(true, "pg_catalog", "jsonb"));
    }

    @Test
    void aCatalogQueryOfAnotherShapeIsRefusedWithWhatIsSupported() {
        assertThatThrownBy(() -> answer("SELECT relname, relpages FROM pg_catalog.pg_class"))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED);
                    assertThat(e.hint()).contains("psql 15", "pgjdbc 42.7", "SQLAlchemy 1.4", "SHOW TABLES");
                });
        assertThatThrownBy(() -> answer("SELECT * FROM information_schema.tables"))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
    }

    @Test
    void statementsForFlinkAreLeftAlone() {
        assertThat(answer("SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ordered_at),"
                + " INTERVAL '1' MINUTE)) GROUP BY window_start, window_end")).isEmpty();
        assertThat(answer("SHOW TABLES")).isEmpty();
        assertThat(answer("SELECT 'unterminated")).isEmpty();
    }

    @Test
    void aPatternThatWouldBacktrackForeverIsRefusedQuickly() {
        String evil = psql("\\dt ord*").replace("'^(ord.*)$'", "'^(.*a){20}$'");
        long started = System.nanoTime();
        CatalogSnapshot longNames = new CatalogSnapshot("sluice", "ann", "acme", "15.0", List.of("acme"), List.of(
                new Relation("acme", "a".repeat(40) + "b", Kind.TABLE, List.of(), null)));
        assertThatThrownBy(() -> ANSWERS.answer(evil, List.of(), () -> longNames))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage()).contains("too long"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private static Optional<CatalogResult> answer(String sql) {
        return answer(sql, List.of());
    }

    private static Optional<CatalogResult> answer(String sql, List<?> parameters) {
        return ANSWERS.answer(sql, parameters, () -> ACME);
    }

    /** psql's statements for a meta-command, as captured ({@code \d orders} is a lookup, then the table, then columns). */
    private static String psql(String command) {
        return switch (command) {
            case "\\dt" -> statementOf("psql", "WHERE c.relkind IN ('r','p','')");
            case "\\d" -> statementOf("psql", "WHERE c.relkind IN ('r','p','v','m','S','f','')").replace("'public'", "'acme'");
            case "\\dt ord*" -> statementOf("psql", "'^(ord.*)$'");
            case "\\d orders lookup" -> statementOf("psql", "'^(orders)$' COLLATE pg_catalog.default\n  AND pg_catalog.pg_table_is_visible");
            case "\\d orders table" -> statementOf("psql", "c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '',");
            case "\\d orders columns" -> statementOf("psql", "a.attgenerated\nFROM");
            default -> throw new IllegalArgumentException(command);
        };
    }

    /** The first captured statement of a client that contains every one of {@code parts}. */
    private static String statementOf(String client, String... parts) {
        return ClientStatements.of(client).statements().stream()
                .map(Statement::sql)
                .filter(sql -> Arrays.stream(parts).allMatch(sql::contains))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no captured " + client + " statement contains " + List.of(parts)));
    }
}
