package dev.sluice.tests.jdbc;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TestCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unmodified Flink JDBC driver against a gateway that serves TLS (a certificate generated for the test): with
 * Flink's own REST TLS properties, trusting the certificate, it opens a session and runs a query; without them it gets
 * no session, since plain HTTP is not served.
 */
class JdbcTlsIT {

    private static final TestCertificate CERTIFICATE = TestCertificate.generate("jdbc-tls-secret");

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
                options.set(SluiceOptions.TLS_KEY_STORE, CERTIFICATE.keyStore().toString());
                options.set(
                        SluiceOptions.TLS_KEY_STORE_PASSWORD_FILE,
                        CERTIFICATE.passwordFile().toString());
            })
            .trusting(CERTIFICATE.clientContext());

    @TempDir
    static Path workDir;

    private static Map<String, List<String>> output;

    @BeforeAll
    static void runTheClient() throws Exception {
        Map<String, String> tls = Map.of(
                "security.ssl.rest.enabled", "true",
                "security.ssl.rest.truststore", CERTIFICATE.trustStore().toString(),
                "security.ssl.rest.truststore-password", CERTIFICATE.password());
        List<String> query = List.of("SELECT n * 10 AS tens FROM (VALUES (1), (2), (3)) AS t(n)");
        output = new JdbcClientProcess()
                .session("tls", JdbcClientProcess.withToken(tls, GATEWAY.adminToken()), query)
                .session("plain", JdbcClientProcess.withToken(Map.of(), GATEWAY.adminToken()), query)
                .run(GATEWAY.flinkEndpointAddress(), workDir);
    }

    @Test
    void theDriverConnectsOverTlsAndRunsAQuery() {
        assertThat(output.get("tls")).containsExactlyInAnyOrder("ROW +I[10]", "ROW +I[20]", "ROW +I[30]");
    }

    @Test
    void withoutTlsTheDriverGetsNoSession() {
        assertThat(output.get("plain"))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("ERROR"));
    }
}
