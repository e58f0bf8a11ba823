package dev.sluice.tests.process;

import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.TestPostgres;
import dev.sluice.tests.pgclients.ClientProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md's backup and restore, run as written ({@code pg_dump}, {@code pg_restore}, {@code psql} from
 * Debian's PostgreSQL client) against the store of a gateway process on the test PostgreSQL; then a gateway started on
 * the restored copy has what the first one stored, and its token still works.
 */
class MetadataBackupIT {

    /** The blocks of docs/operations.md this test runs: they need a PostgreSQL store, which the README's tour has not. */
    static final List<String> BLOCKS = List.of("backup", "restore");

    private static final String RESTORED = "sluice_restored";

    @TempDir
    Path dataDir;

    @TempDir
    Path restoredDataDir;

    @TempDir
    Path workDir;

    private final List<GatewayProcess> gateways = new ArrayList<>();
    private TestPostgres postgres;
    private String source;

    @AfterEach
    void dropWhatWasMade() throws Exception {
        gateways.forEach(GatewayProcess::close);
        for (GatewayProcess gateway : gateways) {
            gateway.process().waitFor();
        }
        if (source != null) {
            execute(
                    "DROP DATABASE IF EXISTS " + source + " WITH (FORCE)",
                    "DROP DATABASE IF EXISTS " + RESTORED + " WITH (FORCE)");
        }
    }

    @Test
    void theBackupAndRestoreOfTheOperationsPageKeepWhatTheGatewayStored() throws Exception {
        postgres = TestPostgres.fromEnvironment()
                .orElseThrow(() -> new IllegalStateException(TestPostgres.URL + " is not set; ./sluice test sets it"));
        // Generated names, safe in DDL; the restore block creates sluice_restored itself, as the page says.
        source = "sluice_backup_" + UUID.randomUUID().toString().replace("-", "");
        execute("DROP DATABASE IF EXISTS " + RESTORED + " WITH (FORCE)", "CREATE DATABASE " + source);

        GatewayProcess gateway = start(dataDir, source);
        ApiClient admin = gateway.adminClient();
        assertThat(admin.post("/api/v1/functions", """
                {"name": "tidy", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "tidy",
                 "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                 "source": "function tidy(s) { return s === null ? null : s.trim(); }"}
                """).status()).isEqualTo(201);

        // The page's other runnable blocks belong to other sections, and to other tests.
        List<TourBlock> blocks = TourBlock.in(Files.readString(Path.of("../docs/operations.md"))).stream()
                .filter(block -> BLOCKS.contains(block.name()))
                .toList();
        assertThat(blocks).extracting(TourBlock::name).containsExactlyElementsOf(BLOCKS);
        for (TourBlock block : blocks) {
            String output = new ClientProcess(
                            List.of("bash", "-euo", "pipefail", "-c", "cd '" + workDir + "'\n" + block.script()),
                            Map.of(
                                    "STORE", libpqUrl(source),
                                    "RESTORED", libpqUrl(RESTORED),
                                    "PGPASSWORD", postgres.password()),
                            Duration.ofMinutes(2))
                    .output();
            block.assertPrinted(output);
        }

        GatewayProcess restored = start(restoredDataDir, RESTORED);
        ApiClient sameToken = new ApiClient(restored.api().toString(), gateway.adminToken());
        ApiClient.Response functions = sameToken.get("/api/v1/functions");
        assertThat(functions.status()).isEqualTo(200);
        assertThat(functions.body().toString()).contains("\"tidy\"");
    }

    private GatewayProcess start(Path dataDir, String database) throws Exception {
        Path config = dataDir.resolve("sluice.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "sluice.metadata.url: \"" + jdbcUrl(database) + "\"",
                        "sluice.metadata.user: \"" + postgres.user() + "\"",
                        "sluice.metadata.password: \"" + postgres.password() + "\"",
                        ""));
        GatewayProcess gateway = GatewayProcess.start(dataDir, "--config", config.toString());
        gateways.add(gateway);
        return gateway;
    }

    /** The test database's URL with another database name. */
    private String jdbcUrl(String database) {
        URI server = URI.create(postgres.url().substring("jdbc:".length()));
        return "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database;
    }

    /** The same, as libpq's tools take it, with the user. */
    private String libpqUrl(String database) {
        URI server = URI.create(postgres.url().substring("jdbc:".length()));
        return "postgresql://" + postgres.user() + "@" + server.getHost() + ":" + server.getPort() + "/" + database;
    }

    private void execute(String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password());
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
