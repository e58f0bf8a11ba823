package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.fs.Path;

import java.util.Optional;

/**
 * Where jobs keep their state: checkpoints and savepoints under one directory ({@code sluice.flink.state-dir}, else the
 * data directory), set on every job so a remote cluster writes them where the gateway looks for them too. Flink's own
 * keys, where the configuration gives them, win.
 */
public final class JobStateDirectories {

    private JobStateDirectories() {}

    /**
     * The Flink configuration with the checkpoint and savepoint directories it does not set itself, and checkpoints
     * kept when a job is canceled or its cluster dies with the gateway, so it can be resumed from there.
     *
     * @param options the gateway's options
     * @param flink what Flink and every session get; not changed
     * @param dataDir the gateway's data directory, as an absolute path
     */
    public static Configuration withDefaults(Configuration options, Configuration flink, java.nio.file.Path dataDir) {
        Path stateDir = stateDir(options, dataDir);
        Configuration withState = new Configuration(flink);
        if (!withState.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)) {
            withState.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, new Path(stateDir, "checkpoints").toString());
        }
        if (!withState.contains(CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
            withState.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, new Path(stateDir, "savepoints").toString());
        }
        withState.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return withState;
    }

    /**
     * A warning for a remote cluster whose jobs would write their state under the gateway's own data directory, which
     * the cluster does not share: resuming them would not find it.
     */
    public static Optional<String> remoteWarning(
            Configuration options, Configuration flink, java.nio.file.Path dataDir) {
        if (options.get(SluiceOptions.FLINK_TARGET) != SluiceOptions.FlinkTarget.REMOTE
                || options.contains(SluiceOptions.FLINK_STATE_DIR)
                || flink.contains(CheckpointingOptions.SAVEPOINT_DIRECTORY)) {
            return Optional.empty();
        }
        return Optional.of("Jobs on the remote cluster checkpoint and savepoint under " + stateDir(options, dataDir)
                + ", the gateway's data directory: set " + SluiceOptions.FLINK_STATE_DIR.key()
                + " to a directory the cluster shares, or resuming jobs will not find their state.");
    }

    private static Path stateDir(Configuration options, java.nio.file.Path dataDir) {
        return new Path(options.getOptional(SluiceOptions.FLINK_STATE_DIR)
                .orElse(dataDir.toUri().toString()));
    }
}
