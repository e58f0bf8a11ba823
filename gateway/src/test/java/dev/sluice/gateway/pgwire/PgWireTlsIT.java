package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.RawPgClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** With a key store configured, an SSLRequest is answered with TLS, and the token then travels encrypted. */
class PgWireTlsIT {

    private static final TestCertificate CERTIFICATE = TestCertificate.generate("key-store-secret");

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.PG_TLS_KEY_STORE, CERTIFICATE.keyStore().toString());
        options.set(
                SluiceOptions.PG_TLS_KEY_STORE_PASSWORD_FILE,
                CERTIFICATE.passwordFile().toString());
    });

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
