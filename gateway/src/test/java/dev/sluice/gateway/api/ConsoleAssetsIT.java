package dev.sluice.gateway.api;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway serves the built console at / from sluice.console.dir, to anyone, and nothing beside it. */
class ConsoleAssetsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final Path DIR = consoleDir();

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.CONSOLE_DIR, DIR.toString()));

    private static Path consoleDir() {
        try {
            // A file next to the console's directory, which must stay out of reach.
            Path root = Files.createTempDirectory("sluice-console-");
            Files.writeString(root.resolve("secret.txt"), "secret");
            Path dir = Files.createDirectories(root.resolve("dist"));
            Files.writeString(dir.resolve("index.html"), "<!doctype html><title>console</title>");
            Files.createDirectories(dir.resolve("assets"));
            Files.writeString(dir.resolve("assets/app.js"), "console.log('x');");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void servesIndexAndAssetsWithoutATokenAndWithAStrictPolicy() throws Exception {
        HttpResponse<String> index = get(GATEWAY.apiUrl() + "/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("<title>console</title>");
        assertThat(index.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("default-src 'self'").doesNotContain("script-src"));
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        HttpResponse<String> script = get(GATEWAY.apiUrl() + "/assets/app.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    }

    @Test
    void theApiStillNeedsAToken() {
        ApiClient.Response anonymous = GATEWAY.api().withToken(null).get("/api/v1/whoami");
        assertThat(anonymous.status()).isEqualTo(401);
        ApiClient.Response admin = GATEWAY.api().get("/api/v1/whoami");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body().get("role").asText()).isEqualTo("admin");
        assertThat(admin.body().get("tenant").asText()).isNotEmpty();
        assertThat(admin.body().toString()).doesNotContain(GATEWAY.adminToken());
    }

    @Test
    void noFileOutsideTheDirectory() throws Exception {
        assertThat(get(GATEWAY.apiUrl() + "/..%2fsecret.txt").body()).doesNotContain("secret");
        assertThat(get(GATEWAY.apiUrl() + "/../secret.txt").body()).doesNotContain("secret");
    }
}
