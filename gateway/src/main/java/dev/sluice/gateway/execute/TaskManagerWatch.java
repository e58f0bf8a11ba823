package dev.sluice.gateway.execute;

import org.apache.flink.runtime.minicluster.MiniCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts a new TaskManager in the embedded cluster when its TaskManager has died. Flink takes a TaskManager down when a
 * task's cleanup fails after it was cancelled, and a tenant can cause that: a query cancelled while its collect sink is
 * still being initialized fails so (FLINK-39330). Without a TaskManager every job would wait for slots for good; with a
 * new one, the jobs that ran on the old one restart there.
 */
final class TaskManagerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskManagerWatch.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MiniCluster miniCluster;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-taskmanager-watch");
        thread.setDaemon(true);
        return thread;
    });
    // Only a TaskManager once seen registered can have died: a new one takes a moment to register.
    private boolean registered;

    private TaskManagerWatch(MiniCluster miniCluster) {
        this.miniCluster = miniCluster;
    }

    /** Checks the cluster every {@code interval} until closed. */
    static TaskManagerWatch start(MiniCluster miniCluster, Duration interval) {
        TaskManagerWatch watch = new TaskManagerWatch(miniCluster);
        watch.timer.scheduleWithFixedDelay(
                watch::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watch;
    }

    private void check() {
        try {
            int connected = miniCluster
                    .requestClusterOverview()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getNumTaskManagersConnected();
            if (connected > 0) {
                registered = true;
            } else if (registered) {
                LOG.warn("The embedded cluster's TaskManager died; starting a new one, where its jobs restart");
                registered = false;
                miniCluster.startTaskManager();
            }
        } catch (Exception e) {
            LOG.warn("Could not check the embedded cluster's TaskManager", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
