package dev.sluice.tests.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One real Flink session cluster per test class ({@code @RegisterExtension static}), stopped and deleted after it.
 * Register it before an extension that uses it (e.g. a gateway with {@code sluice.flink.target: remote}) and give
 * both an {@code @Order}: JUnit runs their {@code beforeAll} in that order.
 */
public final class FlinkSessionClusterExtension implements BeforeAllCallback, AfterAllCallback {

    private final int taskManagers;
    private final int slotsPerTaskManager;
    private Path workDir;
    private FlinkSessionCluster cluster;

    public FlinkSessionClusterExtension(int taskManagers, int slotsPerTaskManager) {
        this.taskManagers = taskManagers;
        this.slotsPerTaskManager = slotsPerTaskManager;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        workDir = Files.createTempDirectory("sluice-flink");
        cluster = FlinkSessionCluster.start(workDir, taskManagers, slotsPerTaskManager);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    public FlinkSessionCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("The cluster runs only between beforeAll and afterAll");
        }
        return cluster;
    }
}
