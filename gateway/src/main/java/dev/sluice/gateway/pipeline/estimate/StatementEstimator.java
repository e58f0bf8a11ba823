package dev.sluice.gateway.pipeline.estimate;

import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The pipeline's estimate step: hands a planned statement and the caller's rate hints to the resource estimator
 * (which holds all the maths). Runs on the thread that planned, as translating the plan reads Calcite's metadata.
 * A job is estimated with the checkpoint interval it will run with: its session's, else the gateway's for jobs.
 */
public final class StatementEstimator {

    private static final Logger LOG = LoggerFactory.getLogger(StatementEstimator.class);

    private final ResourceEstimator estimator;
    private final Duration jobCheckpointInterval;

    public StatementEstimator(ResourceEstimator estimator, Duration jobCheckpointInterval) {
        this.estimator = requireNonNull(estimator, "estimator is null");
        this.jobCheckpointInterval = requireNonNull(jobCheckpointInterval, "jobCheckpointInterval is null");
    }

    /**
     * @return the estimate, or empty if the estimator cannot read this plan: an estimate is advice, so a plan it
     *     does not understand must not stop a statement Flink can run
     */
    public Optional<Estimate> estimate(PlannedStatement planned, Map<String, SourceHints> hints) {
        try {
            PlanGraph graph = estimator.translate(planned.optimizedRoots(), planned.config());
            if (graph.checkpointInterval() == null && planned.statement().kind() == StatementKind.JOB) {
                graph = graph.withCheckpointInterval(jobCheckpointInterval);
            }
            return Optional.of(estimator.estimate(graph, hints));
        } catch (RuntimeException e) {
            LOG.warn("Could not estimate: {}", planned.statement().statement().sql(), e);
            return Optional.empty();
        }
    }
}
