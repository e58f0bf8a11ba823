package dev.sluice.tests.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL that {@code ./sluice test} starts ({@code SLUICE_TEST_POSTGRES_URL}, user, password), with a
 * schema of the caller's own so parallel runs never meet. Without the URL, tests are skipped unless
 * {@code SLUICE_REQUIRE_POSTGRES=true}, where a missing database fails them.
 */
public record TestPostgres(String url, String user, String password, String schema) {

    public static TestPostgres fromEnvironment(String schemaPrefix) {
        String url = System.getenv("SLUICE_TEST_POSTGRES_URL");
        if (url == null && "true".equals(System.getenv("SLUICE_REQUIRE_POSTGRES"))) {
            throw new IllegalStateException("SLUICE_REQUIRE_POSTGRES is set but SLUICE_TEST_POSTGRES_URL is not");
        }
        assumeTrue(url != null, "SLUICE_TEST_POSTGRES_URL is not set; ./sluice test sets it");
        return new TestPostgres(
                url,
                System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice"),
                System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", ""),
                schemaPrefix + "_" + UUID.randomUUID().toString().replace("-", ""));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Runs trusted test DDL/DML (never user input) in this database. */
    public void execute(String... statements) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** Every row of a trusted query, each row's columns joined by ",". */
    public List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "," : "").append(result.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
