package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.calibrate.JobMeter;

import java.time.Duration;
import java.util.Set;

/**
 * Watches jobs through the Flink cluster's own REST API, the same way for a job Sluice submitted and for one plain
 * Flink submitted, so both are timed by one clock and one polling interval.
 */
final class FlinkJobs {

    /** A job that ended: its final state, how long Flink says it ran, and when this poller saw it end. */
    record EndedJob(String state, long flinkDurationMillis, long endNanos) {}

    private static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "FAILED", "CANCELED");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final JobMeter rest;

    FlinkJobs(String clusterUrl) {
        this.rest = new JobMeter(clusterUrl);
    }

    /**
     * Waits until the job has ended; {@code endNanos} is when this poller first saw it ended. It asks the job
     * overview, which is always current, not {@code /jobs/<id>}, which Flink caches for {@code web.refresh-interval}
     * (3 s) and so would report the end up to 3 s late.
     */
    EndedJob awaitEnd(String jobId, Duration timeout) throws InterruptedException {
        return Timeouts.poll("Flink job " + jobId + " ending", timeout, POLL_INTERVAL, () -> {
            for (JsonNode job : rest.get("/jobs/overview").path("jobs")) {
                if (job.path("jid").asText().equals(jobId)
                        && TERMINAL_STATES.contains(job.path("state").asText())) {
                    return new EndedJob(
                            job.path("state").asText(), job.path("duration").asLong(), System.nanoTime());
                }
            }
            return null;
        });
    }
}
