package dev.sluice.gateway.execute;

import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where jobs checkpoint and savepoint, given the gateway's options and Flink's. */
class JobStateDirectoriesTest {

    private static final Path DATA_DIR = Path.of("/var/lib/sluice");

    @Test
    void underTheDataDirectoryByDefaultAndRetainedOnCancellation() {
        Configuration flink = JobStateDirectories.withDefaults(new Configuration(), new Configuration(), DATA_DIR);

        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:/var/lib/sluice/checkpoints");
        assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("file:/var/lib/sluice/savepoints");
        assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @Test
    void underTheStateDirectoryWhenOneIsSet() {
        Configuration options = new Configuration();
        options.set(SluiceOptions.FLINK_STATE_DIR, "s3://bucket/sluice");

        Configuration flink = JobStateDirectories.withDefaults(options, new Configuration(), DATA_DIR);

        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/sluice/checkpoints");
        assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("s3://bucket/sluice/savepoints");
    }

    @Test
    void flinksOwnKeysWinAndAreNotChangedInPlace() {
        Configuration given = new Configuration();
        given.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, "file:///shared/savepoints");

        Configuration flink = JobStateDirectories.withDefaults(new Configuration(), given, DATA_DIR);

        assertThat(flink.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).isEqualTo("file:///shared/savepoints");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:/var/lib/sluice/checkpoints");
        assertThat(given.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isFalse();
    }

    @Test
    void aRemoteClusterWithoutASharedDirectoryIsWarnedAbout() {
        Configuration remote = new Configuration();
        remote.set(SluiceOptions.FLINK_TARGET, SluiceOptions.FlinkTarget.REMOTE);
        Configuration shared = new Configuration(remote);
        shared.set(SluiceOptions.FLINK_STATE_DIR, "s3://bucket/sluice");
        Configuration savepoints = new Configuration();
        savepoints.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, "s3://bucket/savepoints");

        assertThat(JobStateDirectories.remoteWarning(remote, new Configuration(), DATA_DIR))
                .hasValueSatisfying(warning ->
                        assertThat(warning).contains("file:/var/lib/sluice", SluiceOptions.FLINK_STATE_DIR.key()));
        assertThat(JobStateDirectories.remoteWarning(shared, new Configuration(), DATA_DIR))
                .isEmpty();
        assertThat(JobStateDirectories.remoteWarning(remote, savepoints, DATA_DIR))
                .isEmpty();
        assertThat(JobStateDirectories.remoteWarning(new Configuration(), new Configuration(), DATA_DIR))
                .isEmpty();
    }
}
