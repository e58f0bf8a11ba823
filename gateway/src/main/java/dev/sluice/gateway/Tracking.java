package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.track.EstimateCorrector;
import dev.sluice.gateway.track.FlinkMetricsReader;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.track.RunningQueries;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;
import java.util.function.Supplier;

/** Job tracking: the jobs' records and the running queries, both reconciled with the cluster once started. */
record Tracking(JobTracker jobs, RunningQueries queries) {

    static Tracking wire(
            Configuration options,
            MetadataStore store,
            JobCluster cluster,
            Supplier<String> clusterUrl,
            Started started) {
        Duration pollInterval = options.get(SluiceOptions.JOB_POLL_INTERVAL);
        JobTracker jobs = started.remember(new JobTracker(
                store.jobRepository(),
                store.jobEstimateRepository(),
                store.estimateCorrectionRepository(),
                new EstimateCorrector(options.get(SluiceOptions.ESTIMATE_CORRECTION_MIN_RUNTIME)),
                cluster,
                new FlinkMetricsReader(clusterUrl),
                pollInterval));
        RunningQueries queries = started.remember(new RunningQueries(store.quotaRepository(), cluster, pollInterval));
        return new Tracking(jobs, queries);
    }
}
