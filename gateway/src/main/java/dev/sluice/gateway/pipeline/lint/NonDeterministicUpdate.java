package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.config.OptimizerConfigOptions;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRel;
import org.apache.flink.table.planner.plan.optimize.StreamNonDeterministicUpdatePlanVisitor;

import java.util.List;
import java.util.Optional;

/**
 * Flink's own check for non-deterministic updates (NDU): in a changelog pipeline, a value computed by a
 * non-deterministic function (or read from a lookup that can change) differs between an update's retraction and
 * its new row, so downstream state goes wrong. The optimizer runs this check only with
 * {@code table.optimizer.non-deterministic-update.strategy = TRY_RESOLVE}, and then fails the statement; here it is
 * run on the plan as optimized with the session's strategy, and what it finds is a warning.
 */
final class NonDeterministicUpdate implements Lint {

    @Override
    public String code() {
        return "NON_DETERMINISTIC_UPDATE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        StreamNonDeterministicUpdatePlanVisitor visitor = new StreamNonDeterministicUpdatePlanVisitor();
        return planned.optimizedRoots().stream()
                .filter(StreamPhysicalRel.class::isInstance)
                .map(root -> problem(visitor, (StreamPhysicalRel) root))
                .flatMap(Optional::stream)
                .map(problem -> warning(
                        planned.statement().statement().span(),
                        problem,
                        "Compute the column deterministically, drop it from the updating result, or give the sink a"
                                + " primary key that excludes it; 'table.optimizer.non-deterministic-update.strategy' = '"
                                + OptimizerConfigOptions.NonDeterministicUpdateStrategy.TRY_RESOLVE
                                + "' resolves lookup joins."))
                .toList();
    }

    private static Optional<String> problem(StreamNonDeterministicUpdatePlanVisitor visitor, StreamPhysicalRel root) {
        try {
            visitor.visit(root);
            return Optional.empty();
        } catch (TableException e) {
            // Flink's message names the column and the function, then explains NDU at length: keep the first line.
            return Optional.of(e.getMessage()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .findFirst()
                    .orElse(e.getMessage())
                    .strip());
        }
    }
}
