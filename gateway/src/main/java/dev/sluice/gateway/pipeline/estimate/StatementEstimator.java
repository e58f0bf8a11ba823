package dev.sluice.gateway.pipeline.estimate;

import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The pipeline's estimate step: hands a planned statement and the caller's rate hints to the resource estimator
 * (which holds all the maths). Runs on the thread that planned, as translating the plan reads Calcite's metadata.
 */
public final class StatementEstimator {

    private static final Logger LOG = LoggerFactory.getLogger(StatementEstimator.class);

    private final ResourceEstimator estimator;

    public StatementEstimator(ResourceEstimator estimator) {
        this.estimator = requireNonNull(estimator, "estimator is null");
    }

    /**
     * @return the estimate, or empty if the estimator cannot read this plan: an estimate is advice, so a plan it
     *     does not understand must not stop a statement Flink can run
     */
    public Optional<Estimate> estimate(PlannedStatement planned, Map<String, SourceHints> hints) {
        try {
            return Optional.of(estimator.estimate(planned.optimizedRoots(), planned.config(), hints));
        } catch (RuntimeException e) {
            LOG.warn("Could not estimate: {}", planned.statement().statement().sql(), e);
            return Optional.empty();
        }
    }
}
