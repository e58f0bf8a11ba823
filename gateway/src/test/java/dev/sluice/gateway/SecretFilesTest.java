package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secret files that stop the start, before the cluster or a listener is started: the first admin token or the metrics'
 * scrape token given in a file too short to be one, and a metadata store password file that cannot be read (its option is named).
 * {@link SecretFilesIT} starts a gateway with a good one.
 */
class SecretFilesTest {

    @Test
    void aShortTokenStopsTheStartSayingWhy(@TempDir Path dataDir) throws IOException {
        Path shortToken = Files.writeString(dataDir.resolve("short"), "admin");
        Configuration options = startOptions(dataDir);
        options.set(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE, shortToken.toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void aPasswordFileThatCannotBeReadStopsTheStartNamingTheOption(@TempDir Path dataDir) {
        Configuration options = startOptions(dataDir);
        options.set(SluiceOptions.METADATA_URL, "jdbc:postgresql://127.0.0.1:1/none");
        options.set(SluiceOptions.METADATA_PASSWORD, "not used");
        options.set(
                SluiceOptions.METADATA_PASSWORD_FILE, dataDir.resolve("missing").toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .hasMessageContaining(SluiceOptions.METADATA_PASSWORD_FILE.key())
                .hasMessageContaining("missing");
    }

    @Test
    void aShortScrapeTokenStopsTheStartNamingTheOption(@TempDir Path dataDir) throws IOException {
        Path shortToken = Files.writeString(dataDir.resolve("scrape"), "prometheus\n");
        Configuration options = startOptions(dataDir);
        options.set(SluiceOptions.METRICS_SCRAPE_TOKEN_FILE, shortToken.toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(SluiceOptions.METRICS_SCRAPE_TOKEN_FILE.key())
                .hasMessageContaining("at least 32");
    }

    private static Configuration startOptions(Path dir) {
        return Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dir.resolve("data").toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0"));
    }
}
