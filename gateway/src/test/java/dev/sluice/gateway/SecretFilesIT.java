package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets read from files of their own (mounted Kubernetes Secrets). The first admin token given in a file instead of
 * generated is the admin's on the first start, nothing is written to the data directory or printed, and later starts
 * keep it whatever the file says. Files that stop the start are {@link SecretFilesTest}'s.
 */
class SecretFilesIT {

    private static final String GIVEN = "slc_given-by-the-operator-0123456789abcdef";
    private static final Path TOKEN_FILE = tokenFile(GIVEN);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(
            options -> options.set(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE, TOKEN_FILE.toString()));

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

        assertThat(new ApiClient(GATEWAY.apiUrl(), GIVEN).get("/api/v1/whoami").status())
                .isEqualTo(200);
        assertThat(new ApiClient(GATEWAY.apiUrl(), changed)
                        .get("/api/v1/whoami")
                        .status())
                .isEqualTo(401);
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
