package dev.sluice.gateway.auth;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first start creates a token for the admin, and it outlives a restart. That every call but the API's description
 * and the probes needs a valid token is {@code RouteAccessTest}'s, without a gateway.
 */
class AuthenticationIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void theAdminTokenIsReadableByItsOwnerOnlyAndOutlivesARestart() throws Exception {
        Path file = GATEWAY.dataDir().resolve(SluiceServer.ADMIN_TOKEN_FILE);
        String token = Files.readString(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(token.strip()).startsWith("slc_").hasSizeGreaterThan(40);

        GATEWAY.restart();

        assertThat(Files.readString(file)).isEqualTo(token);
        assertThat(GATEWAY.api().get("/api/v1/jobs").status()).isEqualTo(200);
    }
}
