package dev.sluice.estimate;

import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.operators.CostModel;
import dev.sluice.estimate.operators.PlanTranslator;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.configuration.ReadableConfig;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The estimator's entry point: an optimized physical plan (the roots Flink's planner returns, one per sink) plus
 * per-table hints in, an {@link Estimate} out. Nothing runs. Translate must be called on the thread that planned,
 * as Calcite's metadata is thread-local; the model itself is plain arithmetic.
 */
public final class ResourceEstimator {

    private final CostProfile profile;
    private final CostModel model;

    public ResourceEstimator(CostProfile profile) {
        this.profile = requireNonNull(profile, "profile is null");
        this.model = new CostModel(profile);
    }

    public CostProfile profile() {
        return profile;
    }

    /** The model's view of a Flink plan; {@code config} gives the state backend and state TTL. */
    public PlanGraph translate(List<RelNode> optimizedRoots, ReadableConfig config) {
        return PlanTranslator.translate(optimizedRoots, config);
    }

    /**
     * @param hints per source table name (as in the plan, unqualified); tables without hints use the connector's
     *     options or defaults, flagged in the estimate's assumptions
     */
    public Estimate estimate(PlanGraph graph, Map<String, SourceHints> hints) {
        return model.estimate(graph, hints);
    }

    /** Translates and estimates in one call; on the planning thread, as {@link #translate} needs. */
    public Estimate estimate(List<RelNode> optimizedRoots, ReadableConfig config, Map<String, SourceHints> hints) {
        return estimate(translate(optimizedRoots, config), hints);
    }
}
