package dev.sluice.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void embeddedIsADurableSingleProcessH2FileUnderTheDataDirectory() {
        StoreConfig config = StoreConfig.embedded(Path.of("/var/lib/sluice/../sluice"));

        assertThat(config.jdbcUrl())
                .isEqualTo("jdbc:h2:file:/var/lib/sluice/metadata;AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(config.user()).isEqualTo("sluice");
        assertThat(config.maximumPoolSize()).isPositive();
    }

    @Test
    void embeddedRefusesADirectoryThatH2WouldReadAsSettings() {
        assertThatThrownBy(() -> StoreConfig.embedded(Path.of("/tmp/a;INIT=RUNSCRIPT FROM 'x'")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("';'");
    }

    @Test
    void rejectsBadValues() {
        assertThatThrownBy(() -> new StoreConfig(null, "u", "p", 1)).hasMessage("jdbcUrl is null");
        assertThatThrownBy(() -> new StoreConfig("jdbc:mysql://h/db", "u", "p", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:h2: or jdbc:postgresql:");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", " ", "p", 1)).hasMessage("user is blank");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", "u", null, 1)).hasMessage("password is null");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem:x", "u", "p", 0))
                .hasMessage("maximumPoolSize must be at least 1, got 0");
    }

    @Test
    void toStringNeverShowsAPassword() {
        StoreConfig config = new StoreConfig("jdbc:postgresql://db:5432/sluice?ssl=true&password=inUrl", "u", "secret", 5);

        assertThat(config.toString())
                .doesNotContain("secret")
                .doesNotContain("inUrl")
                .contains("jdbc:postgresql://db:5432/sluice?ssl=true&password=***");
    }
}
