package dev.sluice.gateway.testing;

import dev.sluice.gateway.execute.ClusterJob;
import dev.sluice.gateway.execute.ClusterSlots;
import dev.sluice.gateway.execute.JobCluster;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster with no jobs, for tests in which nothing submits, stops or restores a job: by default with no slots
 * either; or with slots free that it takes its time to count, as a remote cluster asked over the network does.
 */
public final class IdleCluster implements JobCluster {

    private final ClusterSlots slots;
    private final Duration slotsAnswerTime;

    public IdleCluster() {
        this(new ClusterSlots(0, 0), Duration.ZERO);
    }

    public IdleCluster(ClusterSlots slots, Duration slotsAnswerTime) {
        this.slots = slots;
        this.slotsAnswerTime = slotsAnswerTime;
    }

    @Override
    public Configuration sessionConfiguration() {
        return new Configuration();
    }

    @Override
    public Map<JobID, ClusterJob> jobs() {
        return Map.of();
    }

    @Override
    public ClusterSlots slots() throws InterruptedException {
        Thread.sleep(slotsAnswerTime.toMillis());
        return slots;
    }

    @Override
    public Optional<String> failureCause(JobID jobId) {
        return Optional.empty();
    }

    @Override
    public void cancel(JobID jobId) {
        throw new UnsupportedOperationException("no cluster: nothing runs here");
    }

    @Override
    public String stopWithSavepoint(JobID jobId, boolean drain) {
        throw new UnsupportedOperationException("no cluster: nothing runs here");
    }

    @Override
    public Optional<String> latestRetainedCheckpoint(JobID jobId) {
        return Optional.empty();
    }

    @Override
    public boolean isRestorable(String path) {
        return false;
    }
}
