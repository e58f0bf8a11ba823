package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalJoin;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A join bounded on the timestamps of both sides ({@code a.ts BETWEEN b.ts - INTERVAL ... AND b.ts}) runs as an
 * interval join, which frees state as the watermark passes, only when both timestamps are event-time attributes.
 * When a side has no watermark, Flink plans a regular join that keeps both sides forever; this finds those joins.
 */
final class IntervalJoinNotOnTimeAttribute implements Lint {

    private static final Set<SqlKind> COMPARISONS =
            Set.of(SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL, SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL);
    private static final Set<SqlTypeName> TIMESTAMPS =
            Set.of(SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

    @Override
    public String code() {
        return "INTERVAL_JOIN_NOT_ON_TIME_ATTRIBUTE";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalJoin.class)
                .filter(IntervalJoinNotOnTimeAttribute::boundedOnTimestamps)
                .map(join -> warning(
                        planned.statement().statement().span(),
                        "This join is bounded on timestamps but runs as a regular join with unbounded state, because "
                                + withoutWatermark(join) + " has no watermark.",
                        "Declare WATERMARK FOR <column> AS <column> - INTERVAL '5' SECOND on both tables, so Flink runs an"
                                + " interval join and drops rows once the watermark passes the bound."))
                .toList();
    }

    private static boolean boundedOnTimestamps(StreamPhysicalJoin join) {
        List<RelDataTypeField> fields =
                new ArrayList<>(join.getLeft().getRowType().getFieldList());
        fields.addAll(join.getRight().getRowType().getFieldList());
        int leftCount = join.getLeft().getRowType().getFieldCount();
        return join.analyzeCondition().nonEquiConditions.stream()
                .filter(condition -> condition instanceof RexCall && COMPARISONS.contains(condition.getKind()))
                .map(RelOptUtil.InputFinder::bits)
                .anyMatch(used -> used.nextSetBit(0) >= 0
                        && used.nextSetBit(0) < leftCount
                        && used.nextSetBit(leftCount) >= 0
                        && allTimestamps(used, fields));
    }

    private static boolean allTimestamps(ImmutableBitSet used, List<RelDataTypeField> fields) {
        return used.asList().stream()
                .allMatch(
                        index -> TIMESTAMPS.contains(fields.get(index).getType().getSqlTypeName()));
    }

    private static String withoutWatermark(StreamPhysicalJoin join) {
        List<String> names = Stream.of(join.getLeft(), join.getRight())
                .flatMap(PlanTree::sourceTables)
                .filter(table -> table.getResolvedSchema().getWatermarkSpecs().isEmpty())
                .map(table -> "`" + table.getIdentifier().getObjectName() + "`")
                .distinct()
                .toList();
        return names.isEmpty() ? "a side" : String.join(" and ", names);
    }
}
