package dev.sluice.gateway.api;

import dev.sluice.gateway.ApiWithoutCluster;
import dev.sluice.gateway.auth.Role;
import dev.sluice.gateway.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway whose console was never built still serves its API, and / says what is missing in the usual error body.
 * Only the API is needed: its console directory is one the data directory does not have.
 */
class ConsoleNotBuiltTest {

    @Test
    void rootIsAJsonNotFoundAndTheApiRuns(@TempDir Path dataDir) {
        try (ApiWithoutCluster gateway = ApiWithoutCluster.start(dataDir)) {
            ApiClient admin = gateway.client(Role.ADMIN);

            ApiClient.Response root = admin.get("/");
            assertThat(root.status()).isEqualTo(404);
            assertThat(root.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
            assertThat(admin.get("/api/v1/whoami").status()).isEqualTo(200);
        }
    }
}
