package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.RawPgClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With a key store configured, an SSLRequest is answered with TLS, and the token then travels encrypted. */
class PgWireTlsIT {

    private static final String PASSWORD = "key-store-secret";

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        Path directory = keyStoreDirectory();
        options.set(SluiceOptions.PG_TLS_KEY_STORE, directory.resolve("pg.p12").toString());
        options.set(
                SluiceOptions.PG_TLS_KEY_STORE_PASSWORD_FILE,
                directory.resolve("password").toString());
    });

    /** A self-signed key pair made by the JDK's keytool, and its password in a file of its own. */
    private static Path keyStoreDirectory() {
        try {
            Path directory = Files.createTempDirectory("sluice-pg-tls-");
            directory.toFile().deleteOnExit();
            Files.writeString(directory.resolve("password"), PASSWORD + "\n");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(
                            keytool.toString(),
                            "-genkeypair",
                            "-alias",
                            "pg",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-dname",
                            "CN=localhost",
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            directory.resolve("pg.p12").toString(),
                            "-storepass",
                            PASSWORD,
                            "-keypass",
                            PASSWORD)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            directory.resolve("pg.p12").toFile().deleteOnExit();
            directory.resolve("password").toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anSslRequestIsAnsweredWithTls() throws IOException {
        try (RawPgClient client = RawPgClient.connect(GATEWAY.pgPort())) {
            client.writeUntyped(ByteBuffer.allocate(4).putInt(80877103).array());
            assertThat(client.readByte()).isEqualTo('S');
        }
    }

    @Test
    void pgjdbcConnectsOverTlsWithItsToken() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "notebook");
        properties.setProperty("password", GATEWAY.adminToken());
        properties.setProperty("sslmode", "require");
        try (Connection connection = DriverManager.getConnection(GATEWAY.pgJdbcUrl(), properties);
                Statement statement = connection.createStatement();
                ResultSet one = statement.executeQuery("SELECT 1")) {
            assertThat(one.next()).isTrue();
            assertThat(one.getInt(1)).isEqualTo(1);
        }
    }
}
