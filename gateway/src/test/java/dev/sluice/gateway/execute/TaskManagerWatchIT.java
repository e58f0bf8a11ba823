package dev.sluice.gateway.execute;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A real MiniCluster whose TaskManager dies gets a new one, with the same slots, within a few checks. */
class TaskManagerWatchIT {

    @Test
    void aDeadTaskManagerIsReplaced() throws Exception {
        try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(new Configuration())
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setCommonBindAddress("127.0.0.1")
                .build())) {
            cluster.start();
            try (TaskManagerWatch watch = TaskManagerWatch.start(cluster, Duration.ofSeconds(1))) {
                await(cluster, overview -> overview.getNumTaskManagersConnected() == 1);
                // Let the watch see it registered, as it will have long before a tenant's query kills it.
                Thread.sleep(1_500);

                cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);

                await(cluster, overview -> overview.getNumTaskManagersConnected() == 0);
                ClusterOverview replaced = await(cluster, overview -> overview.getNumTaskManagersConnected() == 1);
                assertThat(replaced.getNumSlotsTotal()).isEqualTo(2);
            }
        }
    }

    private static ClusterOverview await(MiniCluster cluster, Predicate<ClusterOverview> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            ClusterOverview overview = cluster.requestClusterOverview().get(10, TimeUnit.SECONDS);
            if (condition.test(overview)) {
                return overview;
            }
            assertThat(Instant.now()).as("cluster overview %s", overview).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}
