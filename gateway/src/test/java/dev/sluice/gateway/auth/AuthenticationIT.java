package dev.sluice.gateway.auth;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Every call of the Sluice API but its description needs a valid token; the first start creates one for the admin. */
class AuthenticationIT {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void callsWithoutATokenAreRefused() {
        ApiClient anonymous = GATEWAY.api().withToken(null);

        for (Response response : new Response[] {
            anonymous.get("/api/v1/jobs"),
            anonymous.post("/api/v1/statements", "{\"sql\": \"SELECT 1\"}"),
            anonymous.post("/api/v1/sessions", "{}"),
            anonymous.get("/api/v1/jobs/x"),
        }) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.body().get("error").get("code").asText()).isEqualTo("UNAUTHENTICATED");
            assertThat(response.body().get("error").get("hint").asText()).contains("Authorization: Bearer");
        }
    }

    @Test
    void anUnknownTokenIsRefused() {
        Response response = GATEWAY.api().withToken("slc_guessed").get("/api/v1/jobs");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body().get("error").get("message").asText()).isEqualTo("The token is not valid.");
    }

    @Test
    void theApiDescriptionIsPublic() {
        assertThat(GATEWAY.api().withToken(null).get("/api/v1/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void theAdminTokenIsReadableByItsOwnerOnlyAndOutlivesARestart() throws Exception {
        Path file = GATEWAY.dataDir().resolve(SluiceServer.ADMIN_TOKEN_FILE);
        String token = Files.readString(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(token.strip()).startsWith("slc_").hasSizeGreaterThan(40);

        GATEWAY.restart();

        assertThat(Files.readString(file)).isEqualTo(token);
        assertThat(GATEWAY.api().get("/api/v1/jobs").status()).isEqualTo(200);
    }
}
