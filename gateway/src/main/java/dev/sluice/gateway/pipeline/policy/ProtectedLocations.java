package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What no statement may reach, whatever a policy says: the gateway's files (data directory, metadata store, token and
 * secret files, functions), every job's state (checkpoints and savepoints, Flink's working directories where
 * configured), and what the gateway runs (console, class path; a jar's directory too, as a class path of
 * {@code dir/*} picks up jars added there).
 */
public final class ProtectedLocations {

    /** The gateway's own files, where the wiring put them. */
    public record GatewayFiles(Path dataDir, Path adminTokenFile, Path functionsDir, String storeJdbcUrl) {
        public GatewayFiles {
            requireNonNull(dataDir, "dataDir is null");
            requireNonNull(adminTokenFile, "adminTokenFile is null");
            requireNonNull(functionsDir, "functionsDir is null");
            requireNonNull(storeJdbcUrl, "storeJdbcUrl is null");
        }
    }

    private ProtectedLocations() {}

    /**
     * @param options the gateway's options
     * @param files the gateway's own files
     * @param flink the configuration jobs get, with their checkpoint and savepoint directories
     * @param classPath the gateway's class path ({@code java.class.path})
     */
    public static StorageLocations of(
            Configuration options, GatewayFiles files, Configuration flink, String classPath) {
        StorageLocations.Builder locations = StorageLocations.builder()
                .protect("the admin token file", files.adminTokenFile().toString());
        h2Database(files.storeJdbcUrl()).ifPresent(database -> {
            locations.protect("the metadata store", database + ".mv.db");
            locations.protect("the metadata store", database + ".trace.db");
        });
        options.getOptional(SluiceOptions.BOOTSTRAP_ADMIN_TOKEN_FILE)
                .ifPresent(file -> locations.protect("the bootstrap admin token file", absolute(file)));
        options.getOptional(SluiceOptions.METADATA_PASSWORD_FILE)
                .ifPresent(file -> locations.protect("the metadata store's password file", absolute(file)));
        locations.protect("the functions directory", files.functionsDir().toString());
        flink.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .ifPresent(dir -> locations.protect("the checkpoint directory", dir));
        flink.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY)
                .ifPresent(dir -> locations.protect("the savepoint directory", dir));
        options.getOptional(SluiceOptions.FLINK_STATE_DIR)
                .ifPresent(dir -> locations.protect("the jobs' state directory", dir));
        flink.getOptional(CoreOptions.TMP_DIRS).ifPresent(dirs -> {
            for (String dir : dirs.split("[,;" + File.pathSeparator + "]")) {
                locations.protect("Flink's working directory", absolute(dir.strip()));
            }
        });
        locations.protect("the data directory", files.dataDir().toString());
        locations.protect("the web console", absolute(options.get(SluiceOptions.CONSOLE_DIR)));
        protectCode(locations, classPath);
        return locations.build();
    }

    private static void protectCode(StorageLocations.Builder locations, String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path code = Path.of(entry).toAbsolutePath().normalize();
                locations.protect("the gateway's code", code.toString());
                if (Files.isRegularFile(code) && code.getParent() != null) {
                    locations.protect("the gateway's code", code.getParent().toString());
                }
            }
        }
    }

    /** The database file of an H2 store, without its extension; empty for PostgreSQL or an in-memory H2. */
    private static Optional<String> h2Database(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring("jdbc:h2:".length()).split(";", 2)[0];
        name = name.startsWith("file:") ? name.substring("file:".length()) : name;
        return name.startsWith("mem:") || name.startsWith("tcp:") || name.startsWith("ssl:")
                ? Optional.empty()
                : Optional.of(absolute(name));
    }

    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
