package dev.sluice.gateway.track;

import dev.sluice.gateway.execute.ClusterJob;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.store.QueryAdmission;
import dev.sluice.gateway.store.QuotaRepository;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The queries running on the cluster, by their admissions in the metadata store, which count them against their
 * tenants' quotas and the cluster's slots. Admission records a query before it starts; here its Flink job is noted
 * when it starts, and its admission released when that job ends for any reason: its rows were all produced, it failed,
 * or Flink cancelled it because its results or its session were closed (by the client, or by Flink's idle timeout).
 * The cluster is followed on a timer. Queries do not outlive the gateway that runs them: their clients' sessions end
 * with it, so what a gateway that stopped left is cleared by the one holding the job-tracking lease.
 */
public final class RunningQueries implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningQueries.class);
    /** How long a query's results wait for its tasks to run before they are handed out all the same. */
    private static final Duration TASKS_DEPLOYING = Duration.ofSeconds(10);

    private static final Duration TASKS_POLL = Duration.ofMillis(50);

    private final QuotaRepository admissions;
    private final JobCluster cluster;
    private final Duration pollInterval;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-query-tracker");
        thread.setDaemon(true);
        return thread;
    });

    public RunningQueries(QuotaRepository admissions, JobCluster cluster, Duration pollInterval) {
        this.admissions = requireNonNull(admissions, "admissions is null");
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Follows the cluster every poll interval, releasing the queries whose jobs ended. */
    public void start() {
        poller.scheduleWithFixedDelay(
                this::refreshQuietly, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Releases the queries of gateways that are not among {@code liveGateways} (the last run of this one, or another
     * that was killed), cancelling their jobs where the cluster still runs them: a remote cluster outlives the gateway,
     * and nobody can read those rows any more. The job-tracking lease holder does this.
     */
    public void releaseOrphans(Collection<String> liveGateways) {
        List<QueryAdmission> orphans = admissions.orphanedQueries(liveGateways);
        if (orphans.isEmpty()) {
            return;
        }
        Map<JobID, ClusterJob> onCluster = onCluster();
        for (QueryAdmission query : orphans) {
            JobID flinkJobId = query.flinkJobId() == null ? null : JobID.fromHexString(query.flinkJobId());
            ClusterJob job = flinkJobId == null ? null : onCluster.get(flinkJobId);
            if (job != null && !job.status().isGloballyTerminalState()) {
                try {
                    cluster.cancel(flinkJobId);
                } catch (Exception e) {
                    LOG.warn(
                            "Could not cancel Flink job {} of query {}, left by a gateway that stopped",
                            flinkJobId,
                            query.queryId(),
                            e);
                }
            }
            admissions.releaseQuery(query.queryId());
        }
        LOG.info("Released {} queries left by gateways that stopped", orphans.size());
    }

    /** Notes the Flink job an admitted query runs as, so it is released when that job ends. */
    public void started(String queryId, JobID flinkJobId) {
        admissions.queryStarted(queryId, flinkJobId.toHexString());
    }

    /**
     * Waits until the query's tasks run (or its job has ended), so that its results, which a client may close at once,
     * are handed out only then: a query cancelled while its collect sink is still being initialized takes the
     * cluster's TaskManager down with it (FLINK-39330). If the statement is cancelled meanwhile (its operation or
     * session was closed), the job is cancelled here once its tasks run, and the interrupt is passed on.
     */
    public void awaitTasksRunning(JobClient job) {
        long deadline = System.nanoTime() + TASKS_DEPLOYING.toNanos();
        boolean interrupted = false;
        while (System.nanoTime() < deadline && !runsOrEnded(job.getJobID())) {
            try {
                Thread.sleep(TASKS_POLL.toMillis());
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            job.cancel();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The query was cancelled while it started.");
        }
    }

    private boolean runsOrEnded(JobID flinkJobId) {
        try {
            ClusterJob job = cluster.jobs().get(flinkJobId);
            return job != null && (job.allTasksRunning() || job.status().isGloballyTerminalState());
        } catch (Exception e) {
            LOG.debug("Could not read the tasks of query job {} yet", flinkJobId, e);
            return false;
        }
    }

    /** Releases a query at once: it failed to start, or it started no job. */
    public void release(String queryId) {
        admissions.releaseQuery(queryId);
    }

    /** Releases every query whose Flink job has ended, or which the cluster no longer knows. */
    public void refresh() {
        List<QueryAdmission> running = admissions.queries();
        if (running.stream().allMatch(query -> query.flinkJobId() == null)) {
            return;
        }
        Map<JobID, ClusterJob> onCluster;
        try {
            onCluster = cluster.jobs();
        } catch (Exception e) {
            LOG.warn("Could not list the cluster's jobs; running queries stay counted", e);
            return;
        }
        for (QueryAdmission query : running) {
            if (query.flinkJobId() == null) {
                // Admitted and being submitted: the statement's own thread notes its job or releases it.
                continue;
            }
            ClusterJob job = onCluster.get(JobID.fromHexString(query.flinkJobId()));
            if (job == null || job.status().isGloballyTerminalState()) {
                admissions.releaseQuery(query.queryId());
                LOG.debug(
                        "Query {} ended ({}); released",
                        query.queryId(),
                        job == null ? "unknown to the cluster" : job.status());
            }
        }
    }

    private Map<JobID, ClusterJob> onCluster() {
        try {
            return cluster.jobs();
        } catch (Exception e) {
            LOG.warn(
                    "Could not list the cluster's jobs; queries left by gateways that stopped are released without cancelling them",
                    e);
            return Map.of();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Following the running queries failed; will try again", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
