package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.ClusterSlots;
import dev.sluice.gateway.execute.JobCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * Whether the cluster has the task slots a new job or query asks for, so that nothing is submitted only to wait
 * unscheduled (and hold its tenant's quota meanwhile). The free slots are the cluster's slots less what Sluice's
 * active admissions of every tenant hold, and never more than the cluster itself reports free (it may run jobs
 * Sluice did not start). A cluster that starts TaskManagers on demand reports no slots while idle; for it an admin
 * configures the slots it can grow to, and those alone count.
 */
public final class ClusterCapacity {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterCapacity.class);
    /**
     * How long to wait when Sluice's own count has room but the cluster does not report it yet: the slots of a job
     * that has just ended are free a moment after Sluice records its end.
     */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(3);

    private static final Duration POLL = Duration.ofMillis(100);

    private final JobCluster cluster;
    private final OptionalInt configuredSlots;

    /** @param configuredSlots the slots to admit against instead of what the cluster reports, if set */
    public ClusterCapacity(JobCluster cluster, OptionalInt configuredSlots) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.configuredSlots = requireNonNull(configuredSlots, "configuredSlots is null");
    }

    /**
     * @param what the statement, as the message names it ("The query")
     * @param admitted the slots Sluice's active admissions hold
     * @throws GatewayException {@link ErrorCode#CLUSTER_FULL} when {@code wanted} slots are not free
     */
    void require(String what, int wanted, int admitted) {
        if (wanted == 0) {
            return;
        }
        if (configuredSlots.isPresent()) {
            int total = configuredSlots.getAsInt();
            if (wanted > total - admitted) {
                throw full(what, wanted, Math.max(0, total - admitted), total);
            }
            return;
        }
        long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (true) {
            ClusterSlots slots = read();
            int unadmitted = slots.total() - admitted;
            int free = Math.max(0, Math.min(unadmitted, slots.free()));
            if (wanted <= free) {
                return;
            }
            if (wanted > unadmitted || System.nanoTime() > deadline) {
                throw full(what, wanted, free, slots.total());
            }
            pause();
        }
    }

    private ClusterSlots read() {
        try {
            return cluster.slots();
        } catch (Exception e) {
            LOG.warn("Could not read the cluster's task slots", e);
            throw new GatewayException(
                    ErrorCode.CLUSTER_UNAVAILABLE,
                    "The cluster did not say how many task slots it has free.",
                    null,
                    null,
                    "Try again in a moment.",
                    null);
        }
    }

    private static GatewayException full(String what, int wanted, int free, int total) {
        return new GatewayException(
                ErrorCode.CLUSTER_FULL,
                what + " needs " + wanted + " task slot" + (wanted == 1 ? "" : "s") + ", but the cluster has " + free
                        + " free of " + total + ": it would wait unscheduled, so it was not started.",
                null,
                null,
                "Try again when a job or query has ended; or lower its parallelism (SET 'parallelism.default'), or ask an"
                        + " admin to give the cluster more task slots.",
                null);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(
                    ErrorCode.INTERNAL, "Interrupted while waiting for the cluster's free task slots.");
        }
    }
}
