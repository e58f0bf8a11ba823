package dev.sluice.gateway.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreConfigTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void embeddedIsADurableSingleProcessH2FileUnderTheDataDirectory() {
        StoreConfig config = StoreConfig.embedded(Path.of("/var/lib/sluice/../sluice"), TIMEOUT);

        // async: so that an interrupted thread's read or write does not close the database (MetadataStoreFaultTest).
        assertThat(config.jdbcUrl())
                .isEqualTo(
                        "jdbc:h2:async:/var/lib/sluice/metadata;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(config.user()).isEqualTo("sluice");
        assertThat(config.maximumPoolSize()).isPositive();
    }

    @Test
    void embeddedRefusesADirectoryThatH2WouldReadAsSettings() {
        assertThatThrownBy(() -> StoreConfig.embedded(Path.of("/tmp/a;INIT=RUNSCRIPT FROM 'x'"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("';'");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new StoreConfig(null, "u", "p", 1, TIMEOUT)).hasMessage("jdbcUrl is null");
        assertThatThrownBy(() -> new StoreConfig("jdbc:mysql://h/db", "u", "p", 1, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:h2: or jdbc:postgresql:");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", " ", "p", 1, TIMEOUT))
                .hasMessage("user is blank");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", "u", null, 1, TIMEOUT))
                .hasMessage("password is null");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", "u", "p", 0, TIMEOUT))
                .hasMessage("maximumPoolSize must be at least 1, got 0");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", "u", "p", 1, Duration.ofMillis(100)))
                .hasMessage("connectionTimeout must be at least 250 ms, got PT0.1S");
    }

    @Test
    void toStringNeverShowsAPassword() {
        StoreConfig config =
                new StoreConfig("jdbc:postgresql://db:5432/sluice?ssl=true&password=inUrl", "u", "secret", 5, TIMEOUT);

        assertThat(config.toString())
                .doesNotContain("secret")
                .doesNotContain("inUrl")
                .contains("jdbc:postgresql://db:5432/sluice?ssl=true&password=***");
    }
}
