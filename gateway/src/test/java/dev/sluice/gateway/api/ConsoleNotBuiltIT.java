package dev.sluice.gateway.api;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway whose console was never built still serves its API, and / says what is missing in the usual error body. */
class ConsoleNotBuiltIT {

    @RegisterExtension static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.CONSOLE_DIR, "/nonexistent/console/dist"));

    @Test
    void rootIsAJsonNotFoundAndTheApiRuns() {
        ApiClient.Response root = GATEWAY.api().get("/");
        assertThat(root.status()).isEqualTo(404);
        assertThat(root.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(GATEWAY.api().get("/api/v1/whoami").status()).isEqualTo(200);
    }
}
