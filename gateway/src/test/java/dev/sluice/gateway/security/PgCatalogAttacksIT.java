package dev.sluice.gateway.security;

import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PostgreSQL listener's catalog answers (psql's {@code \dt}, pgjdbc's DatabaseMetaData, SQLAlchemy's inspector)
 * are a way to ask what exists: whatever a tenant asks them, with whatever names, patterns or schemas, they show its
 * own session's tables only; a pattern built to backtrack is stopped, not run to its end; and a catalog query they do
 * not know is refused, never run or guessed at.
 */
class PgCatalogAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    /** What psql 15 sends for {@code \dt PATTERN} (any schema): the pattern is a regular expression. */
    private static final String PSQL_DT_ANY_SCHEMA = """
            SELECT n.nspname as "Schema",
              c.relname as "Name",
              CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
              pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
            WHERE c.relkind IN ('r','p','t','s','')
              AND c.relname OPERATOR(pg_catalog.~) '%s' COLLATE pg_catalog.default
              AND n.nspname OPERATOR(pg_catalog.~) '^(.*)$' COLLATE pg_catalog.default
            ORDER BY 1,2""";

    private static Analyst acme;
    private static Analyst beta;

    @BeforeAll
    static void twoTenants() throws SQLException {
        acme = Analyst.of(GATEWAY, "acme", "nb");
        beta = Analyst.of(GATEWAY, "beta", "nb");
        execute(
                acme.token(),
                "CREATE TABLE orders (id BIGINT) WITH ('connector' = 'datagen')",
                "CREATE TABLE " + "a".repeat(40) + "b (id BIGINT) WITH ('connector' = 'datagen')");
        execute(beta.token(), "CREATE TABLE secret_orders (card STRING) WITH ('connector' = 'datagen')");
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void noCatalogAnswerShowsAnotherTenantsTablesWhateverItAsks() throws SQLException {
        try (Connection connection = connect(acme.token())) {
            DatabaseMetaData metadata = connection.getMetaData();
            assertThat(names(metadata.getTables(null, null, null, null), "TABLE_NAME"))
                    .doesNotContain("secret_orders");
            assertThat(names(metadata.getTables(null, "beta", "%", null), "TABLE_NAME"))
                    .isEmpty();
            assertThat(names(metadata.getTables(null, "%", "secret%", null), "TABLE_NAME"))
                    .isEmpty();
            assertThat(names(metadata.getColumns(null, null, "secret_orders", null), "COLUMN_NAME"))
                    .isEmpty();
            assertThat(names(metadata.getColumns(null, "beta", "%", "%"), "COLUMN_NAME"))
                    .isEmpty();
            assertThat(names(metadata.getSchemas(), "TABLE_SCHEM")).containsExactly("acme");
            assertThat(names(query(connection, PSQL_DT_ANY_SCHEMA.formatted("^(.*)$")), "Name"))
                    .doesNotContain("secret_orders");
            assertThat(names(
                            query(
                                    connection,
                                    "select relname from pg_class c join pg_namespace n on n.oid=c.relnamespace"
                                            + " where n.nspname='beta' and relname='secret_orders'"),
                            "relname"))
                    .isEmpty();
        }
        // The owner still sees it: the answers are per session, not lost.
        try (Connection owner = connect(beta.token())) {
            assertThat(names(owner.getMetaData().getTables(null, null, "%", null), "TABLE_NAME"))
                    .containsExactly("secret_orders");
        }
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.PG_WIRE)
    void aNamePatternBuiltToBacktrackIsStoppedAndTheConnectionLives() throws SQLException {
        try (Connection connection = connect(acme.token())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> query(connection, PSQL_DT_ANY_SCHEMA.formatted("^(.*a){20}$"))
                            .close())
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("54000");
                        assertThat(e.getMessage()).contains("takes too long to match");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThatThrownBy(() -> query(connection, PSQL_DT_ANY_SCHEMA.formatted("x".repeat(600)))
                            .close())
                    .isInstanceOfSatisfying(
                            PSQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("54000"));
            assertThat(names(query(connection, PSQL_DT_ANY_SCHEMA.formatted("^(orders)$")), "Name"))
                    .containsExactly("orders");
        }
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.PG_WIRE)
    void aCatalogQueryItDoesNotKnowIsRefusedAndAPatternIsNeverSql() throws SQLException {
        try (Connection connection = connect(acme.token())) {
            for (String probe : List.of(
                    "SELECT usename, passwd FROM pg_catalog.pg_shadow",
                    "SELECT rolname, rolpassword FROM pg_authid",
                    "SELECT table_schema, table_name FROM information_schema.tables",
                    "SELECT pg_catalog.pg_read_file('/etc/passwd')")) {
                assertThatThrownBy(() -> query(connection, probe).close())
                        .as(probe)
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getServerErrorMessage().getHint()).contains("psql 15", "pgjdbc 42.7");
                        });
            }
            // The pattern is matched against names, as PostgreSQL would: here an unbalanced one, refused as such.
            assertThatThrownBy(() -> query(
                                    connection,
                                    PSQL_DT_ANY_SCHEMA.formatted("^(orders)$'') OR true; DROP TABLE orders; --"))
                            .close())
                    .isInstanceOfSatisfying(
                            PSQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("22023"));
            assertThat(names(connection.getMetaData().getTables(null, null, "orders", null), "TABLE_NAME"))
                    .containsExactly("orders");
        }
    }

    private static ResultSet query(Connection connection, String sql) throws SQLException {
        return connection.createStatement().executeQuery(sql);
    }

    private static List<String> names(ResultSet rows, String column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                names.add(rows.getString(column));
            }
        }
        return names;
    }

    private static void execute(String token, String... statements) throws SQLException {
        try (Connection connection = connect(token);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static Connection connect(String token) throws SQLException {
        return GATEWAY.connectPg("mallory", token);
    }
}
