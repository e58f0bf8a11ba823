package dev.sluice.gateway.track;

import dev.sluice.gateway.store.MetadataStoreExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/** A fresh schema of the test PostgreSQL for a gateway's metadata store, when SLUICE_TEST_POSTGRES_URL is set. */
final class TestPostgres {

    private TestPostgres() {}

    static Optional<String> schemaUrl() {
        String url = System.getenv(MetadataStoreExtension.POSTGRES_URL);
        if (url == null) {
            return Optional.empty();
        }
        String schema = "sluice_lifecycle_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(url, user(), password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create schema " + schema + " in " + url, e);
        }
        return Optional.of(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    static String user() {
        return System.getenv().getOrDefault(MetadataStoreExtension.POSTGRES_USER, "sluice");
    }

    static String password() {
        return System.getenv().getOrDefault(MetadataStoreExtension.POSTGRES_PASSWORD, "");
    }
}
