package dev.sluice.gateway.execute;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.messages.webmonitor.ClusterOverview;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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

    private static ClusterOverview await(MiniCluster cluster, Predicate<ClusterOverview> condition) {
        return Awaitility.await("a cluster overview as expected")
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.requestClusterOverview().get(10, TimeUnit.SECONDS), condition);
    }
}
