package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.session.SessionService;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.planner.calcite.FlinkTypeFactory;
import org.apache.flink.table.planner.operations.PlannerQueryOperation;
import org.apache.flink.table.types.logical.LogicalType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Finds what a statement's parameters and result are without running it: each {@code $n} becomes a {@code ?} (or,
 * where the client named its type, {@code CAST(? AS type)}), and Flink's validator, which types a {@code ?} by where it
 * is used ({@code price < ?} is a DECIMAL(10, 2) when price is), validates it in the session, under its policy.
 * Where Flink cannot type a bare {@code ?} (alone in a SELECT list), it is tried again as a string.
 */
final class ParameterInference {

    private static final String UNTYPED_PARAMETER = "Illegal use of dynamic parameter";

    private final SessionService sessions;
    private final SessionHandle session;

    ParameterInference(SessionService sessions, SessionHandle session) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.session = requireNonNull(session, "session is null");
    }

    /** What validation found: the type of each parameter number it could type, and a query's result schema. */
    record Inferred(Map<Integer, LogicalType> types, Optional<ResolvedSchema> schema) {
        Inferred {
            types = Map.copyOf(types);
            requireNonNull(schema, "schema is null");
        }
    }

    /**
     * @param declared the Flink types the client named, by parameter number (absent where it named none)
     * @param toClient maps an offset in the placeholders' statement to one in the text the client sent
     * @throws PgException when the statement does not validate, positioned in the client's text
     */
    Inferred infer(Placeholders placeholders, Map<Integer, LogicalType> declared, IntUnaryOperator toClient) {
        EditedText bare = replace(placeholders, declared, "?");
        try {
            return validate(bare, placeholders.order());
        } catch (GatewayException e) {
            if (!e.getMessage().contains(UNTYPED_PARAMETER)) {
                throw PgErrors.of(e, bare.sql(), offset -> toClient.applyAsInt(bare.originalOffset(offset)));
            }
        }
        EditedText typed = replace(placeholders, declared, "CAST(? AS STRING)");
        try {
            return validate(typed, placeholders.order());
        } catch (GatewayException e) {
            throw PgErrors.of(e, typed.sql(), offset -> toClient.applyAsInt(typed.originalOffset(offset)));
        }
    }

    private static EditedText replace(Placeholders placeholders, Map<Integer, LogicalType> declared, String untyped) {
        return placeholders.replace(
                n -> declared.containsKey(n) ? "CAST(? AS " + FlinkLiterals.typeName(declared.get(n)) + ")" : untyped);
    }

    private Inferred validate(EditedText replaced, List<Integer> order) {
        ValidatedStatement validated = sessions.validate(session, ScriptStatement.whole(replaced.sql()));
        Map<Integer, LogicalType> types = new HashMap<>();
        tree(validated.operation())
                .ifPresent(root -> walk(root, param -> {
                    if (param.getIndex() < order.size()) {
                        types.putIfAbsent(order.get(param.getIndex()), FlinkTypeFactory.toLogicalType(param.getType()));
                    }
                }));
        Optional<ResolvedSchema> schema = validated.operation() instanceof QueryOperation query
                ? Optional.of(query.getResolvedSchema())
                : Optional.empty();
        return new Inferred(types, schema);
    }

    private static Optional<RelNode> tree(Operation operation) {
        if (operation instanceof PlannerQueryOperation query) {
            return Optional.of(query.getCalciteTree());
        }
        if (operation instanceof ModifyOperation modify) {
            return tree(modify.getChild());
        }
        return Optional.empty();
    }

    private interface ParamVisitor {
        void visit(RexDynamicParam param);
    }

    private static void walk(RelNode node, ParamVisitor visitor) {
        node.accept(new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam param) {
                visitor.visit(param);
                return param;
            }
        });
        node.getInputs().forEach(input -> walk(input, visitor));
    }
}
