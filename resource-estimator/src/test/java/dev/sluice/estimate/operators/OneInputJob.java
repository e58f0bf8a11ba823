package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;
import dev.sluice.estimate.model.StateBackend;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The job the formula tests estimate one operator in: a source {@code events} (id 0, rows of 100 bytes) feeding the
 * operator under test (id 1), whose estimate is the job's second.
 */
final class OneInputJob {

    private OneInputJob() {}

    /** @param interval the checkpoint interval, or null for none */
    static Estimate estimate(
            CostModel model,
            OperatorNode.Builder operator,
            SourceHints hints,
            StateBackend backend,
            @Nullable Duration interval) {
        return model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(new SourceInfo("events", null, Map.of(), null, 100))
                                        .rowBytes(100)
                                        .build(),
                                operator.input(0).build()),
                        backend,
                        interval),
                Map.of("events", hints));
    }
}
