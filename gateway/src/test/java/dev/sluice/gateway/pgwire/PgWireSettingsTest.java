package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listener's options: their defaults, and when a token may come without TLS. */
class PgWireSettingsTest {

    @Test
    void defaults() throws IOException {
        PgWireSettings settings = PgWireSettings.fromOptions(new Configuration(), 1024);
        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(15432);
        assertThat(settings.tls()).isNull();
        assertThat(settings.maxConnections()).isEqualTo(64);
        assertThat(settings.maxMessageBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(settings.maxStatementBytes()).isEqualTo(1024);
        assertThat(settings.startupTimeout()).hasSeconds(10);
        assertThat(settings.fetchTimeout()).hasSeconds(30);
    }

    @Test
    void tokensWithoutTlsOnlyOnLoopbackUnlessTheOperatorAllowsThem() throws IOException {
        assertThat(PgWireSettings.fromOptions(bound("127.0.0.1"), 1024).passwordWithoutTls())
                .isTrue();
        assertThat(PgWireSettings.fromOptions(bound("::1"), 1024).passwordWithoutTls())
                .isTrue();
        assertThat(PgWireSettings.fromOptions(bound("0.0.0.0"), 1024).passwordWithoutTls())
                .isFalse();
        Configuration allowed = bound("0.0.0.0");
        allowed.set(SluiceOptions.PG_ALLOW_PASSWORD_WITHOUT_TLS, true);
        assertThat(PgWireSettings.fromOptions(allowed, 1024).passwordWithoutTls())
                .isTrue();
    }

    @Test
    void aKeyStoreNeedsItsPasswordFile() {
        Configuration options = new Configuration();
        options.set(SluiceOptions.PG_TLS_KEY_STORE, "/nonexistent/pg.p12");
        assertThatThrownBy(() -> PgWireSettings.fromOptions(options, 1024))
                .isInstanceOf(IOException.class)
                .hasMessage("sluice.pg.tls.key-store is set but sluice.pg.tls.key-store-password-file is not");
    }

    private static Configuration bound(String address) {
        Configuration options = new Configuration();
        options.set(SluiceOptions.BIND_ADDRESS, address);
        return options;
    }
}
