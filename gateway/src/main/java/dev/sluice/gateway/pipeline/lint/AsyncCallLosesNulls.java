package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.flink.table.planner.calcite.FlinkTypeFactory;
import org.apache.flink.table.planner.codegen.CodeGenUtils;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalAsyncCalc;
import org.apache.flink.table.planner.plan.utils.AsyncUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Flink 2.2's asynchronous calc (an enrichment function, or any {@code AsyncScalarFunction}) hands the columns computed
 * beside the call to its output without their null flags, so a NULL there comes out as the value Flink's generated
 * code keeps in a null variable: an empty string, -1, false. Only types whose generated variable is a Java primitive or
 * a string lose their NULLs; the rest (timestamps, decimals, rows) keep them. A test pins the defect
 * ({@code StatementTestLookupsIT}), so the lint goes when Flink keeps the NULLs.
 */
final class AsyncCallLosesNulls implements Lint {

    @Override
    public String code() {
        return "ASYNC_CALL_LOSES_NULLS";
    }

    @Override
    public List<Diagnostic> check(PlannedStatement planned) {
        return PlanTree.nodes(planned.optimizedRoots(), StreamPhysicalAsyncCalc.class)
                .map(calc -> warning(calc, planned))
                .flatMap(Optional::stream)
                .toList();
    }

    private Optional<Diagnostic> warning(StreamPhysicalAsyncCalc calc, PlannedStatement planned) {
        RexProgram program = calc.getProgram();
        RelDataType input = program.getInputRowType();
        List<String> calls = new ArrayList<>();
        List<String> losing = new ArrayList<>();
        for (int i = 0; i < program.getProjectList().size(); i++) {
            RexNode projected = program.expandLocalRef(program.getProjectList().get(i));
            if (AsyncUtil.containsAsyncCall(projected)) {
                if (projected instanceof RexCall call) {
                    calls.add(call.getOperator().getName());
                }
            } else if (losesNull(projected.getType())) {
                String name = projected instanceof RexInputRef ref
                        ? input.getFieldNames().get(ref.getIndex())
                        : program.getOutputRowType().getFieldNames().get(i);
                losing.add("`" + name + "`");
            }
        }
        if (losing.isEmpty()) {
            return Optional.empty();
        }
        String functions = calls.stream().map(name -> "`" + name + "`").collect(Collectors.joining(" and "));
        return Optional.of(warning(
                planned.statement().statement().span(),
                "Flink 2.2 replaces NULL with '' (strings), -1 (numbers, dates, times) or false (booleans) in the"
                        + " columns computed beside the asynchronous call of "
                        + (functions.isEmpty() ? "a function" : functions)
                        + ": " + String.join(", ", losing) + " would never be NULL downstream.",
                "Declare the column NOT NULL where the data guarantees it, or look the value up with a lookup join"
                        + " (JOIN ... FOR SYSTEM_TIME AS OF), which keeps NULLs. COALESCE in the same query does not"
                        + " help: Flink computes it after the call."));
    }

    /** Whether Flink's generated code keeps a NULL of this type in a variable whose default is not null. */
    private static boolean losesNull(RelDataType type) {
        return type.isNullable()
                && !"null".equals(CodeGenUtils.primitiveDefaultValue(FlinkTypeFactory.toLogicalType(type)));
    }
}
