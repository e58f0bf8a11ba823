package dev.sluice.gateway.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataStoreTest {

    /** Flyway quotes its table and column names, so they are lower case on both backends. */
    @StoreTest
    void migratesAnEmptyDatabase(MetadataStore store) throws SQLException {
        try (Connection connection = store.dataSource().getConnection();
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                                + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            // Every migration ran, in order, and succeeded.
            for (String version : new String[] {
                "1", "2", "3", "4", "5", "6", "7", "10", "11", "15", "16", "16.3", "17", "18", "19", "21.3", "22.19",
                "25", "25.19", "26.19", "27"
            }) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("version")).isEqualTo(version);
                assertThat(rows.getBoolean("success")).isTrue();
            }
            assertThat(rows.next()).isFalse();
        }
    }

    @StoreTest
    void reopeningKeepsTheRowsAndDoesNotMigrateAgain(MetadataStore store, StoreConfig config) {
        store.catalogRepository().createDatabase(new DatabaseRecord("c", "db", "kept", Map.of("k", "v")));
        store.jobRepository()
                .insert(new JobRecord(
                        "job-1",
                        "default",
                        "t",
                        "s",
                        "INSERT INTO t SELECT 1",
                        null,
                        JobStatus.RUNNING,
                        null,
                        Instant.now(),
                        Instant.now(),
                        null));
        store.close();

        try (MetadataStore reopened = MetadataStore.open(config, new SimpleMeterRegistry())) {
            assertThat(reopened.catalogRepository().findDatabase("c", "db"))
                    .contains(new DatabaseRecord("c", "db", "kept", Map.of("k", "v")));
            assertThat(reopened.jobRepository().find("job-1")).isPresent();
        }
    }

    @Test
    void failsWithoutLeavingAnythingOpenWhenTheDatabaseIsUnusable(@TempDir Path dataDir) {
        // A directory where H2 wants its database file: H2 cannot create the file, so the pool cannot start.
        StoreConfig config = StoreConfig.embedded(dataDir, Duration.ofSeconds(5));
        assertThat(dataDir.resolve("metadata.mv.db").toFile().mkdir()).isTrue();

        assertThatThrownBy(() -> MetadataStore.open(config, new SimpleMeterRegistry()))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot connect to metadata store StoreConfig[jdbcUrl=jdbc:h2:async:");
    }
}
