package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.admin.AdminCommand;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TestCertificate;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With a key store, the Sluice API and the Flink-compatible endpoint serve HTTPS only: curl trusting the generated
 * certificate gets its answers, plain HTTP gets none, and {@code ./sluice admin} works when told the certificate. A key
 * store that cannot serve stops the start, naming its option. (The Flink JDBC driver over TLS is {@code JdbcTlsIT} in
 * the tests module, where the driver is.)
 */
class TlsIT {

    private static final TestCertificate CERTIFICATE = TestCertificate.generate("tls-secret");

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
                options.set(SluiceOptions.TLS_KEY_STORE, CERTIFICATE.keyStore().toString());
                options.set(
                        SluiceOptions.TLS_KEY_STORE_PASSWORD_FILE,
                        CERTIFICATE.passwordFile().toString());
            })
            .trusting(CERTIFICATE.clientContext());

    private record Curl(int exitCode, String output) {}

    @Test
    void curlTrustingTheCertificateCallsTheApi() throws Exception {
        assertThat(GATEWAY.apiUrl()).startsWith("https://");

        Curl whoami = curl(
                "--cacert",
                CERTIFICATE.pem().toString(),
                "-H",
                "Authorization: Bearer " + GATEWAY.adminToken(),
                GATEWAY.apiUrl() + "/api/v1/whoami");

        assertThat(whoami.exitCode()).as(whoami.output()).isZero();
        JsonNode caller = new ObjectMapper().readTree(whoami.output());
        assertThat(caller.get("role").asText()).isEqualTo("admin");
    }

    @Test
    void curlWithoutTheCertificateRefusesTheServer() throws Exception {
        Curl untrusted = curl(GATEWAY.apiUrl() + "/healthz/live");

        // 60: the peer's certificate cannot be verified.
        assertThat(untrusted.exitCode()).as(untrusted.output()).isEqualTo(60);
    }

    @Test
    void plainHttpIsNotServedOnTheApiPort() throws Exception {
        Curl plain = curl(
                "-H", "Authorization: Bearer " + GATEWAY.adminToken(), plainUrl(GATEWAY.apiUrl()) + "/api/v1/whoami");

        assertThat(plain.exitCode()).as(plain.output()).isNotZero();
        assertThat(plain.output()).doesNotContain("admin");
    }

    @Test
    void theFlinkEndpointServesHttpsOnly() throws Exception {
        String endpoint = "https://" + GATEWAY.flinkEndpointAddress();

        Curl info = curl("--cacert", CERTIFICATE.pem().toString(), endpoint + "/v1/info");
        Curl plain = curl("--include", plainUrl(endpoint) + "/v1/info");

        assertThat(info.exitCode()).as(info.output()).isZero();
        assertThat(new ObjectMapper().readTree(info.output()).has("productName"))
                .as(info.output())
                .isTrue();
        // Flink's endpoint answers plain HTTP with a redirect to HTTPS only: nothing of the API.
        assertThat(plain.output()).doesNotContain("productName").containsPattern("(?i)location: https://");
    }

    @Test
    void sluiceAdminTrustsTheCertificateItIsGiven() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = AdminCommand.run(
                List.of("--url", GATEWAY.apiUrl(), "list-tenants"),
                Map.of(
                        "SLUICE_TOKEN",
                        GATEWAY.adminToken(),
                        "SLUICE_CA_CERT",
                        CERTIFICATE.pem().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("default");
    }

    @Test
    void aWrongPasswordStopsTheStartNamingTheKeyStore(@TempDir Path dir) throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong-password"), "not-the-password\n");
        Configuration options = startOptions(dir);
        options.set(SluiceOptions.TLS_KEY_STORE, CERTIFICATE.keyStore().toString());
        options.set(SluiceOptions.TLS_KEY_STORE_PASSWORD_FILE, wrong.toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot load the key store " + CERTIFICATE.keyStore())
                .hasMessageContaining(SluiceOptions.TLS_KEY_STORE.key())
                .hasMessageContaining("password");
    }

    @Test
    void aMissingKeyStoreStopsTheStartNamingIt(@TempDir Path dir) {
        Configuration options = startOptions(dir);
        options.set(SluiceOptions.TLS_KEY_STORE, dir.resolve("missing.p12").toString());
        options.set(
                SluiceOptions.TLS_KEY_STORE_PASSWORD_FILE,
                CERTIFICATE.passwordFile().toString());

        assertThatThrownBy(() -> SluiceServer.start(options).close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("missing.p12").toString())
                .hasMessageContaining("no such file");
    }

    private static Configuration startOptions(Path dir) {
        return Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dir.resolve("data").toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0"));
    }

    private static String plainUrl(String httpsUrl) {
        URI uri = URI.create(httpsUrl);
        return "http://" + uri.getHost() + ":" + uri.getPort();
    }

    /** Runs the system's curl: silent but for errors, with a bound on how long it may take. */
    private static Curl curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish: " + command);
        }
        return new Curl(process.exitValue(), output);
    }
}
