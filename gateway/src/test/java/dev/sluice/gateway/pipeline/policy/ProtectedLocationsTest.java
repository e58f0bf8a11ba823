package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The locations no statement may reach, from the gateway's options, files and class path. */
class ProtectedLocationsTest {

    @TempDir
    Path root;

    private ProtectedLocations.GatewayFiles files(String jdbcUrl) {
        Path data = root.resolve("data");
        return new ProtectedLocations.GatewayFiles(
                data, data.resolve("admin.token"), data.resolve("functions"), jdbcUrl);
    }

    private static String protectedAs(StorageLocations locations, String what) {
        return locations.protectedLocations().stream()
                .filter(location -> location.what().equals(what))
                .map(location -> location.location().path())
                .toList()
                .toString();
    }

    @Test
    void theGatewaysFilesTheJobsStateAndItsCode() throws Exception {
        Path jar = Files.createDirectories(root.resolve("lib")).resolve("gateway.jar");
        Files.writeString(jar, "");
        Configuration options = new Configuration();
        options.set(
                SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE,
                root.resolve("secrets/admin").toString());
        options.set(SluiceOptions.CONSOLE_DIR, root.resolve("console").toString());
        options.set(SluiceOptions.FLINK_STATE_DIR, "s3://state/sluice");
        Configuration flink = new Configuration();
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://state/sluice/checkpoints");
        flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, "s3://state/sluice/savepoints");
        flink.set(CoreOptions.TMP_DIRS, root.resolve("tmp1") + "," + root.resolve("tmp2"));

        StorageLocations locations = ProtectedLocations.of(
                options,
                files("jdbc:h2:file:" + root.resolve("data/sluice") + ";MODE=PostgreSQL"),
                flink,
                jar + File.pathSeparator + root.resolve("classes"));

        assertThat(locations.protectedLocations())
                .extracting(StorageLocations.Protected::what)
                .containsExactly(
                        "the admin token file",
                        "the metadata store",
                        "the metadata store",
                        "the bootstrap admin token file",
                        "the functions directory",
                        "the checkpoint directory",
                        "the savepoint directory",
                        "the jobs' state directory",
                        "Flink's working directory",
                        "Flink's working directory",
                        "the data directory",
                        "the web console",
                        "the gateway's code",
                        "the gateway's code",
                        "the gateway's code");
        assertThat(protectedAs(locations, "the metadata store"))
                .contains("/data/sluice.mv.db", "/data/sluice.trace.db");
        // A jar's directory too: a class path of dir/* picks up jars added there.
        assertThat(protectedAs(locations, "the gateway's code"))
                .contains(
                        jar.toString(),
                        root.resolve("lib").toString(),
                        root.resolve("classes").toString());
    }

    @Test
    void noStoreFileForPostgresOrAnInMemoryH2() {
        for (String url :
                new String[] {"jdbc:postgresql://db:5432/sluice", "jdbc:h2:mem:test", "jdbc:h2:tcp://db/sluice"}) {
            StorageLocations locations =
                    ProtectedLocations.of(new Configuration(), files(url), new Configuration(), "");

            assertThat(locations.protectedLocations())
                    .extracting(StorageLocations.Protected::what)
                    .as(url)
                    .doesNotContain("the metadata store")
                    .contains("the data directory", "the web console");
        }
    }
}
