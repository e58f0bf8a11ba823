package dev.sluice.gateway.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The PostgreSQL that {@code ./sluice test} starts, named by {@code SLUICE_TEST_POSTGRES_URL} (with {@code _USER} and
 * {@code _PASSWORD}). Each user of it works in a schema of its own, dropped afterwards.
 */
public record TestPostgres(String url, String user, String password) {

    public static final String URL = "SLUICE_TEST_POSTGRES_URL";
    public static final String USER = "SLUICE_TEST_POSTGRES_USER";
    public static final String PASSWORD = "SLUICE_TEST_POSTGRES_PASSWORD";
    /** Set to {@code true} by {@code ./sluice test}, so that a CI run cannot pass without PostgreSQL by accident. */
    public static final String REQUIRE = "SLUICE_REQUIRE_POSTGRES";

    /** The test PostgreSQL, if one is named. */
    public static Optional<TestPostgres> fromEnvironment() {
        return Optional.ofNullable(System.getenv(URL))
                .map(url -> new TestPostgres(
                        url,
                        System.getenv().getOrDefault(USER, "sluice"),
                        System.getenv().getOrDefault(PASSWORD, "")));
    }

    public static boolean required() {
        return Boolean.parseBoolean(System.getenv(REQUIRE));
    }

    /** A new empty schema; its JDBC URL selects it. */
    public Schema createSchema() {
        // A generated name, safe to put into DDL, which cannot take it as a parameter.
        String schema = "sluice_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return new Schema(schema, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /** A schema of the test PostgreSQL; {@link #drop()} removes it with everything in it. */
    public final class Schema {
        private final String name;
        private final String url;

        private Schema(String name, String url) {
            this.name = name;
            this.url = url;
        }

        public String url() {
            return url;
        }

        public void drop() {
            execute("DROP SCHEMA " + name + " CASCADE");
        }
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "' on the test PostgreSQL", e);
        }
    }
}
