package dev.sluice.gateway.config;

import dev.sluice.gateway.SluiceMainTestAccess;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreDocumented() {
        Configuration empty = new Configuration();
        assertThat(empty.get(SluiceOptions.DATA_DIR)).isEqualTo("./data");
        assertThat(empty.get(SluiceOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(empty.get(SluiceOptions.API_PORT)).isEqualTo(8080);
        assertThat(empty.get(SluiceOptions.CONSOLE_DIR)).isEqualTo("console/dist");
        assertThat(empty.get(SluiceOptions.FLINK_ENDPOINT_PORT)).isEqualTo(8083);
        assertThat(empty.get(SluiceOptions.API_MAX_BODY_SIZE).getBytes()).isEqualTo(1024 * 1024);
        assertThat(empty.getOptional(SluiceOptions.METADATA_URL)).isEmpty();
        assertThat(empty.get(SluiceOptions.LIMITS_MAX_QUERIES_PER_TENANT)).isEqualTo(10);
        assertThat(empty.get(SluiceOptions.LIMITS_MAX_PENDING_APPROVALS_PER_TENANT))
                .isEqualTo(10);
        assertThat(empty.getOptional(SluiceOptions.ADMISSION_CLUSTER_TASK_SLOTS))
                .isEmpty();
        assertThat(SluiceOptions.API_PORT.description().toString()).isNotBlank();
    }

    @Test
    void readsNestedAndFlatKeys() throws IOException {
        Path file =
                write("sluice:\n  api:\n    port: 9090\nsluice.flink-endpoint.port: 9093\nparallelism.default: 2\n");

        Configuration options = ConfigFile.load(file);

        assertThat(options.get(SluiceOptions.API_PORT)).isEqualTo(9090);
        assertThat(options.get(SluiceOptions.FLINK_ENDPOINT_PORT)).isEqualTo(9093);
        assertThat(options.getString("parallelism.default", null)).isEqualTo("2");
    }

    @Test
    void badYamlNamesLineAndColumn() throws IOException {
        Path file = write("sluice:\n  api: [port: 1\n");

        assertThatThrownBy(() -> ConfigFile.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void aListAtTheTopIsRefused() throws IOException {
        Path file = write("- a\n- b\n");

        assertThatThrownBy(() -> ConfigFile.load(file)).hasMessageContaining("must hold a map");
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = write("sluice.api.port: 9090\nsluice.data-dir: /from/file\n");

        Configuration options = SluiceMainTestAccess.parse("--config", file.toString(), "--api-port", "7070");

        assertThat(options.get(SluiceOptions.API_PORT)).isEqualTo(7070);
        assertThat(options.get(SluiceOptions.DATA_DIR)).isEqualTo("/from/file");
    }

    @Test
    void badFlagsAreExplained() {
        assertThatThrownBy(() -> SluiceMainTestAccess.parse("--api-port", "http"))
                .hasMessageContaining("port number");
        assertThatThrownBy(() -> SluiceMainTestAccess.parse("--nope", "1")).hasMessageContaining("Unknown flag --nope");
        assertThatThrownBy(() -> SluiceMainTestAccess.parse("--data-dir")).hasMessageContaining("needs a value");
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("sluice.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
