package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets read from files of their own (mounted Kubernetes Secrets). The first admin token given in a file instead of
 * generated is the admin's on the first start, nothing is written to the data directory or printed, and later starts
 * keep it whatever the file says. The metadata store's password file replaces the password option.
 */
class SecretFilesIT {

    private static final String GIVEN = "slc_given-by-the-operator-0123456789abcdef";
    private static final Path TOKEN_FILE = tokenFile(GIVEN);

    @RegisterExtension static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE, TOKEN_FILE.toString()));

    @Test
    void theGivenTokenIsTheFirstAdminsAndNothingIsWrittenBesideIt() throws Exception {
        ApiClient.Response whoami = new ApiClient(GATEWAY.apiUrl(), GIVEN).get("/api/v1/whoami");

        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.body().get("role").asText()).isEqualTo("admin");
        assertThat(whoami.body().get("tenant").asText()).isEqualTo("default");
        assertThat(GATEWAY.dataDir().resolve(SluiceServer.ADMIN_TOKEN_FILE)).doesNotExist();

        String changed = "slc_changed-after-the-first-start-0123456789";
        Files.writeString(TOKEN_FILE, changed);
        GATEWAY.restart();

        assertThat(new ApiClient(GATEWAY.apiUrl(), GIVEN).get("/api/v1/whoami").status()).isEqualTo(200);
        assertThat(new ApiClient(GATEWAY.apiUrl(), changed).get("/api/v1/whoami").status()).isEqualTo(401);
    }

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
        options.set(SluiceOptions.METADATA_PASSWORD_FILE, dataDir.resolve("missing").toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .hasMessageContaining(SluiceOptions.METADATA_PASSWORD_FILE.key())
                .hasMessageContaining("missing");
    }

    private static Configuration startOptions(Path dir) {
        return Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dir.resolve("data").toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0"));
    }

    private static Path tokenFile(String token) {
        try {
            Path file = Files.createTempFile("sluice-bootstrap-token", "");
            file.toFile().deleteOnExit();
            return Files.writeString(file, token + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
