package dev.sluice.udf.enrich;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real PostgreSQL named by {@code SLUICE_TEST_POSTGRES_URL} (user and password from
 * {@code SLUICE_TEST_POSTGRES_USER}/{@code _PASSWORD}), with a schema of our own holding {@code titles(id, name)}:
 * ids 1 to 100 named {@code title-<id>}. Without the URL the tests are skipped, unless
 * {@code SLUICE_REQUIRE_POSTGRES=true}, which makes them fail.
 */
final class TestPostgres implements AutoCloseable {

    static final int TITLES = 100;

    final String url = System.getenv("SLUICE_TEST_POSTGRES_URL");
    final String user = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice");
    final String password = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "");
    final String schema = "enrich_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    static TestPostgres start() throws SQLException {
        assumeTrue(
                System.getenv("SLUICE_TEST_POSTGRES_URL") != null
                        || "true".equals(System.getenv("SLUICE_REQUIRE_POSTGRES")),
                "SLUICE_TEST_POSTGRES_URL is not set; ./sluice test sets it");
        TestPostgres postgres = new TestPostgres();
        if (postgres.url == null) {
            throw new IllegalStateException("SLUICE_REQUIRE_POSTGRES=true but SLUICE_TEST_POSTGRES_URL is not set");
        }
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + postgres.schema);
            statement.execute(
                    "CREATE TABLE " + postgres.schema + ".titles (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("INSERT INTO " + postgres.schema
                    + ".titles SELECT i, 'title-' || i FROM generate_series(1, " + TITLES + ") AS i");
        }
        return postgres;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Scans of the titles table so far, as PostgreSQL's statistics see them: one per lookup query. */
    long titleScans() throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT coalesce(seq_scan, 0) + "
                                + "coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = ? AND relname = 'titles'")) {
            statement.setString(1, schema);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** A JDBC spec reading titles.name by id, with the cache, rate limit and timeout given as JSON members. */
    String titlesSpec(String extraMembers) {
        return specFor(url, extraMembers);
    }

    /** The same spec against another URL (e.g. one where no database listens). */
    String specFor(String jdbcUrl, String extraMembers) {
        // The password travels by reference: the task reads this JVM's environment, as a task manager would.
        String passwordRef = System.getenv("SLUICE_TEST_POSTGRES_PASSWORD") == null
                ? ""
                : ", \"passwordRef\": \"env:SLUICE_TEST_POSTGRES_PASSWORD\"";
        return """
                {"source": {"type": "jdbc", "url": "%s", "table": "%s.titles", "keyColumn": "id",
                            "valueColumn": "name", "user": "%s"%s},
                 "fallback": "none", %s}""".formatted(jdbcUrl, schema, user, passwordRef, extraMembers);
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
