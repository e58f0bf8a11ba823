package dev.sluice.gateway.pipeline.plan;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import org.apache.calcite.rel.RelNode;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.CollectModifyOperation;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.planner.delegation.PlannerBase;
import scala.collection.JavaConverters;

import java.util.List;
import java.util.Optional;

/**
 * Turns a validated query or job into Flink's optimized physical plan, as {@code EXPLAIN} does, without running
 * anything: each of its modify operations (a query becomes a collect sink) is translated to relational algebra and
 * optimized together, so shared inputs are planned once as they would be in the job.
 */
public final class StatementPlanner {

    /**
     * Plans in the table environment that validated the statement, on the same thread: the operation validation made
     * holds relational trees of that environment's planner, whose state Calcite keeps per thread.
     *
     * @return the plan, or empty for a statement that has none of its own (a command, the END of a statement set,
     *     a compiled plan); callers skip commands before making a table environment for them
     * @throws GatewayException when Flink refuses to plan the statement, e.g. a sink whose schema does not match or
     *     a connector option that only the planner checks
     */
    public Optional<PlannedStatement> plan(ValidatedStatement statement) {
        TableEnvironmentInternal tableEnv = statement.environment();
        try {
            List<ModifyOperation> sinks = sinksOf(statement.operation());
            if (sinks.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PlannedStatement(statement, optimize(tableEnv, sinks), tableEnv.getConfig()));
        } catch (RuntimeException e) {
            GatewayException failure = FlinkErrors.toGatewayException(e, statement.statement());
            // The statement parsed and validated, so what fails here is the statement as a whole, not a token of it.
            throw new GatewayException(
                    failure.code(), failure.getMessage(), statement.statement().span(), null, failure.hint(), e);
        }
    }

    /**
     * The optimized physical plan of modify operations, planned together on the calling thread. Public for the
     * calibration and accuracy runs, which plan their own statements in a table environment of their own.
     */
    public static List<RelNode> optimize(TableEnvironmentInternal tableEnv, List<ModifyOperation> sinks) {
        // Every table environment Flink makes is a TableEnvironmentImpl; the interface hides its planner.
        PlannerBase planner = (PlannerBase) ((TableEnvironmentImpl) tableEnv).getPlanner();
        List<RelNode> relNodes = sinks.stream().map(planner::translateToRel).toList();
        return JavaConverters.seqAsJavaList(
                planner.optimize(JavaConverters.asScalaBuffer(relNodes).toSeq()));
    }

    private static List<ModifyOperation> sinksOf(Operation operation) {
        if (operation instanceof ModifyOperation modify) {
            return List.of(modify);
        }
        if (operation instanceof StatementSetOperation statementSet) {
            return statementSet.getOperations();
        }
        if (operation instanceof QueryOperation query) {
            return List.of(new CollectModifyOperation(query));
        }
        return List.of();
    }
}
