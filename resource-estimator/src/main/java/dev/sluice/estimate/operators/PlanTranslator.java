package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.IntervalBounds;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.MatchPattern;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.OverFrame;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.WindowShape;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.externalize.RelWriterImpl;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Pair;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.planner.calcite.FlinkTypeFactory;
import org.apache.flink.table.planner.hint.StateTtlHint;
import org.apache.flink.table.planner.plan.logical.CumulativeWindowSpec;
import org.apache.flink.table.planner.plan.logical.HoppingWindowSpec;
import org.apache.flink.table.planner.plan.logical.LogicalWindow;
import org.apache.flink.table.planner.plan.logical.MatchRecognize;
import org.apache.flink.table.planner.plan.logical.SessionGroupWindow;
import org.apache.flink.table.planner.plan.logical.SessionWindowSpec;
import org.apache.flink.table.planner.plan.logical.SlidingGroupWindow;
import org.apache.flink.table.planner.plan.logical.TumblingGroupWindow;
import org.apache.flink.table.planner.plan.logical.TumblingWindowSpec;
import org.apache.flink.table.planner.plan.logical.WindowSpec;
import org.apache.flink.table.planner.plan.nodes.calcite.Rank;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalCalcBase;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalChangelogNormalize;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalExchange;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGlobalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGlobalWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupAggregateBase;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalGroupWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalIncrementalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalIntervalJoin;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalJoin;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalLegacySink;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalLocalGroupAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalLocalWindowAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalLookupJoin;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalMatch;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalOverAggregate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalRank;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalSink;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalTableSourceScan;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalTemporalJoin;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalUnion;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWatermarkAssigner;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowAggregateBase;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowDeduplicate;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowJoin;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowRank;
import org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowTableFunction;
import org.apache.flink.table.planner.plan.schema.TableSourceTable;
import org.apache.flink.table.planner.plan.utils.OverAggregateUtil;
import org.apache.flink.table.planner.plan.utils.RankUtil;
import org.apache.flink.table.planner.plan.utils.TemporalJoinUtil;
import org.apache.flink.table.runtime.operators.rank.ConstantRankRange;
import org.apache.flink.table.runtime.operators.rank.RankRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.JavaConverters;

import javax.annotation.Nullable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Flink's optimized physical plan into the model's {@link PlanGraph}: one operator per physical node, keys
 * traced back to the source columns they come from, window and interval bounds, state TTLs, and what the source
 * tables' DDL says about rates, key ranges and watermarks.
 */
public final class PlanTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(PlanTranslator.class);
    /** N of a top-N whose range is not a constant (ROW_NUMBER() &lt;= a column): a guess, counted as such. */
    private static final long UNKNOWN_RANK_LIMIT = 100;

    private final Map<RelNode, Integer> ids = new IdentityHashMap<>();
    private final List<OperatorNode> operators = new ArrayList<>();
    private final Duration configuredTtl;

    private PlanTranslator(ReadableConfig config) {
        Duration ttl = config.get(ExecutionConfigOptions.IDLE_STATE_RETENTION);
        this.configuredTtl = ttl.isZero() ? null : ttl;
    }

    public static PlanGraph translate(List<RelNode> roots, ReadableConfig config) {
        PlanTranslator translator = new PlanTranslator(config);
        roots.forEach(translator::visit);
        StateBackend backend = StateBackend.fromFlinkName(config.get(StateBackendOptions.STATE_BACKEND));
        return new PlanGraph(
                translator.operators,
                backend,
                config.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(null));
    }

    private int visit(RelNode node) {
        Integer known = ids.get(node);
        if (known != null) {
            return known;
        }
        List<Integer> inputs = node.getInputs().stream().map(this::visit).toList();
        int id = operators.size();
        OperatorNode operator;
        try {
            OperatorNode.Builder builder = describe(node, id);
            inputs.forEach(builder::input);
            operator = builder.rowBytes(TypeSizes.rowBytes(node.getRowType())).build();
        } catch (RuntimeException e) {
            // An estimate is advice: a node this translator cannot read (a shape of a known node it has not met)
            // is counted like an unknown one, and named in the estimate's assumptions, rather than sink the rest.
            LOG.debug("Could not read {} for the estimate", node.getRelTypeName(), e);
            OperatorNode.Builder builder =
                    OperatorNode.builder(id, OperatorKind.OTHER).name(name(node, id));
            inputs.forEach(builder::input);
            operator = builder.build();
        }
        operators.add(operator);
        ids.put(node, id);
        return id;
    }

    private static String name(RelNode node, int id) {
        return node.getRelTypeName().replace("StreamPhysical", "") + "#" + id;
    }

    private OperatorNode.Builder describe(RelNode node, int id) {
        String name = name(node, id);
        if (node instanceof StreamPhysicalTableSourceScan scan) {
            TableSourceTable table = scan.getTable().unwrap(TableSourceTable.class);
            return OperatorNode.builder(id, OperatorKind.SOURCE)
                    .name(table.contextResolvedTable().getIdentifier().getObjectName())
                    .source(SourceOptions.of(table.contextResolvedTable(), TypeSizes.rowBytes(scan.getRowType())));
        }
        if (node instanceof StreamPhysicalCalcBase calc) {
            return OperatorNode.builder(id, OperatorKind.CALC)
                    .name(name)
                    .filter(calc.getProgram().getCondition() != null);
        }
        if (node instanceof StreamPhysicalExchange) {
            return OperatorNode.builder(id, OperatorKind.EXCHANGE).name(name);
        }
        if (node instanceof StreamPhysicalWatermarkAssigner || node instanceof StreamPhysicalWindowTableFunction) {
            return OperatorNode.builder(id, OperatorKind.WATERMARK).name(name);
        }
        if (node instanceof StreamPhysicalLocalWindowAggregate local) {
            // Its window and keys say how many partial accumulators it sends on.
            return OperatorNode.builder(id, OperatorKind.LOCAL_AGGREGATE)
                    .name(name)
                    .window(shape(local.windowing().getWindow()))
                    .keys(keys(local.getInput(), local.grouping()));
        }
        if (node instanceof StreamPhysicalLocalGroupAggregate) {
            return OperatorNode.builder(id, OperatorKind.LOCAL_AGGREGATE).name(name);
        }
        if (node instanceof StreamPhysicalGroupWindowAggregate legacy) {
            // GROUP BY TUMBLE(...) and friends: a subclass of the window TVF aggregates' base, run by another operator.
            return aggregate(
                    OperatorNode.builder(id, OperatorKind.GROUP_WINDOW_AGGREGATE)
                            .name(name)
                            .window(legacyShape(legacy.window())),
                    node,
                    legacy.grouping(),
                    legacy.aggCalls());
        }
        if (node instanceof StreamPhysicalWindowAggregateBase window) {
            WindowSpec spec = node instanceof StreamPhysicalGlobalWindowAggregate global
                    ? global.windowing().getWindow()
                    : ((org.apache.flink.table.planner.plan.nodes.physical.stream.StreamPhysicalWindowAggregate) node)
                            .windowing()
                            .getWindow();
            return aggregate(
                    OperatorNode.builder(id, OperatorKind.WINDOW_AGGREGATE)
                            .name(name)
                            .window(shape(spec)),
                    node,
                    window.grouping(),
                    window.aggCalls());
        }
        if (node instanceof StreamPhysicalGroupAggregate
                || node instanceof StreamPhysicalGlobalGroupAggregate
                || node instanceof StreamPhysicalIncrementalGroupAggregate) {
            StreamPhysicalGroupAggregateBase aggregate = (StreamPhysicalGroupAggregateBase) node;
            return aggregate(
                    OperatorNode.builder(id, OperatorKind.GROUP_AGGREGATE)
                            .name(name)
                            .stateTtl(ttl(StateTtlHint.getStateTtlFromHintOnSingleRel(aggregate.hints()))),
                    node,
                    aggregate.grouping(),
                    aggregate.aggCalls());
        }
        if (node instanceof StreamPhysicalJoin join) {
            Map<Integer, Long> ttlBySide = StateTtlHint.getStateTtlFromHintOnBiRel(join.getHints());
            Long hinted = ttlBySide.isEmpty()
                    ? null
                    : ttlBySide.values().stream().max(Long::compare).orElse(null);
            return join(
                    OperatorNode.builder(id, OperatorKind.REGULAR_JOIN)
                            .name(name)
                            .stateTtl(ttl(hinted)),
                    join,
                    join.joinSpec().getLeftKeys(),
                    join.joinSpec().getRightKeys());
        }
        if (node instanceof StreamPhysicalIntervalJoin join) {
            Map<String, Object> terms = terms(join);
            IntervalBounds bounds = new IntervalBounds(
                    Long.parseLong(
                            String.valueOf(terms.get("windowBounds")).replaceAll(".*leftLowerBound=(-?\\d+).*", "$1")),
                    Long.parseLong(
                            String.valueOf(terms.get("windowBounds")).replaceAll(".*leftUpperBound=(-?\\d+).*", "$1")));
            return join(
                    OperatorNode.builder(id, OperatorKind.INTERVAL_JOIN)
                            .name(name)
                            .interval(bounds),
                    join,
                    join.joinSpec().getLeftKeys(),
                    join.joinSpec().getRightKeys());
        }
        if (node instanceof StreamPhysicalWindowJoin join) {
            return join(
                    OperatorNode.builder(id, OperatorKind.WINDOW_JOIN)
                            .name(name)
                            .window(shape(join.leftWindowing().getWindow())),
                    join,
                    join.joinSpec().getLeftKeys(),
                    join.joinSpec().getRightKeys());
        }
        if (node instanceof StreamPhysicalTemporalJoin join) {
            return join(
                    OperatorNode.builder(id, OperatorKind.TEMPORAL_JOIN)
                            .name(name)
                            .orderByRowtime(TemporalJoinUtil.isRowTimeJoin(join.joinSpec())),
                    join,
                    join.joinSpec().getLeftKeys(),
                    join.joinSpec().getRightKeys());
        }
        if (node instanceof StreamPhysicalLookupJoin lookup) {
            List<String> table = lookup.temporalTable().getQualifiedName();
            return OperatorNode.builder(id, OperatorKind.LOOKUP_JOIN).name(name + " " + table.get(table.size() - 1));
        }
        if (node instanceof StreamPhysicalUnion) {
            return OperatorNode.builder(id, OperatorKind.UNION).name(name);
        }
        if (node instanceof StreamPhysicalWindowRank rank) {
            int[] partition = ((Rank) rank).partitionKey().toArray();
            RankRange range = ((Rank) rank).rankRange();
            return OperatorNode.builder(id, OperatorKind.WINDOW_RANK)
                    .name(name)
                    .window(shape(rank.windowing().getWindow()))
                    .rankLimit(range instanceof ConstantRankRange constant ? constant.getRankEnd() : UNKNOWN_RANK_LIMIT)
                    .keys(keys(rank.getInput(), partition))
                    .keyBytes(TypeSizes.keyBytes(rank.getInput().getRowType(), partition));
        }
        if (node instanceof StreamPhysicalWindowDeduplicate dedup) {
            return OperatorNode.builder(id, OperatorKind.WINDOW_DEDUPLICATE)
                    .name(name)
                    .window(shape(dedup.getWindowingStrategy().getWindow()))
                    .keys(keys(dedup.getInput(), dedup.partitionKeys()))
                    .keyBytes(TypeSizes.keyBytes(dedup.getInput().getRowType(), dedup.partitionKeys()));
        }
        if (node instanceof StreamPhysicalOverAggregate over) {
            return over(over, id, name);
        }
        if (node instanceof StreamPhysicalMatch match) {
            return match(match, id, name);
        }
        if (node instanceof StreamPhysicalRank rank) {
            return rank(rank, id, name);
        }
        if (node instanceof StreamPhysicalChangelogNormalize normalize) {
            // Keeps the last row per primary key to turn an upsert stream into a changelog.
            return OperatorNode.builder(id, OperatorKind.DEDUPLICATE)
                    .name(name)
                    .keepLastRow(true)
                    .keys(keys(normalize.getInput(), normalize.uniqueKeys()))
                    .keyBytes(TypeSizes.keyBytes(normalize.getInput().getRowType(), normalize.uniqueKeys()))
                    .stateTtl(configuredTtl);
        }
        if (node instanceof StreamPhysicalSink || node instanceof StreamPhysicalLegacySink) {
            return OperatorNode.builder(id, OperatorKind.SINK).name(name);
        }
        return OperatorNode.builder(id, OperatorKind.OTHER).name(name);
    }

    private OperatorNode.Builder aggregate(
            OperatorNode.Builder builder, RelNode node, int[] grouping, scala.collection.Seq<AggregateCall> calls) {
        // A global aggregate's grouping and arguments index its local half's input.
        RelNode aggregateInput = localInput(node.getInput(0));
        RelNode groupingInput = node.getInput(0);
        List<KeyRef> distinct = new ArrayList<>();
        int plain = 0;
        for (AggregateCall call : JavaConverters.seqAsJavaList(calls)) {
            if (call.isDistinct() && !call.getArgList().isEmpty()) {
                distinct.add(
                        FieldOrigins.trace(aggregateInput, call.getArgList().get(0)));
            } else {
                plain++;
            }
        }
        return builder.defaultStateTtl(configuredTtl)
                .keys(keys(groupingInput, grouping))
                .keyBytes(TypeSizes.keyBytes(groupingInput.getRowType(), grouping))
                .aggregates(plain)
                .distinctArguments(distinct);
    }

    private OperatorNode.Builder join(OperatorNode.Builder builder, RelNode join, int[] leftKeys, int[] rightKeys) {
        return builder.defaultStateTtl(configuredTtl)
                .keys(keys(join.getInput(0), leftKeys))
                .rightKeys(keys(join.getInput(1), rightKeys))
                .keyBytes(TypeSizes.keyBytes(join.getInput(0).getRowType(), leftKeys));
    }

    private OperatorNode.Builder rank(StreamPhysicalRank rank, int id, String name) {
        int[] partition = ((Rank) rank).partitionKey().toArray();
        OperatorNode.Builder builder;
        if (RankUtil.canConvertToDeduplicate(rank)) {
            builder = OperatorNode.builder(id, OperatorKind.DEDUPLICATE)
                    .name(name)
                    .keepLastRow(RankUtil.keepLastDeduplicateRow(((Rank) rank).orderKey()))
                    .orderByRowtime(FlinkTypeFactory.isRowtimeIndicatorType(rank.getInput()
                            .getRowType()
                            .getFieldList()
                            .get(((Rank) rank)
                                    .orderKey()
                                    .getFieldCollations()
                                    .get(0)
                                    .getFieldIndex())
                            .getType()));
        } else {
            RankRange range = ((Rank) rank).rankRange();
            long limit = range instanceof ConstantRankRange constant ? constant.getRankEnd() : UNKNOWN_RANK_LIMIT;
            builder = OperatorNode.builder(id, OperatorKind.RANK).name(name).rankLimit(limit);
        }
        return builder.keys(keys(rank.getInput(), partition))
                .keyBytes(TypeSizes.keyBytes(rank.getInput().getRowType(), partition))
                .stateTtl(configuredTtl);
    }

    private OperatorNode.Builder over(StreamPhysicalOverAggregate over, int id, String name) {
        Window window = over.logicWindow();
        // Flink runs one OVER window per operator (several groups only when they share partition and order).
        Window.Group group = window.groups.get(0);
        int[] partition = group.keys.toArray();
        RelNode input = over.getInput();
        OverFrame frame;
        if (group.lowerBound.isUnbounded()) {
            frame = new OverFrame(OverFrame.Unit.UNBOUNDED, 0);
        } else if (group.lowerBound.isCurrentRow()) {
            frame = new OverFrame(group.isRows ? OverFrame.Unit.ROWS : OverFrame.Unit.RANGE, 0);
        } else {
            // Flink gives a preceding bound as a negative offset from the current row.
            long preceding = Math.abs(((Number) OverAggregateUtil.getBoundary(window, group.lowerBound)).longValue());
            frame = new OverFrame(group.isRows ? OverFrame.Unit.ROWS : OverFrame.Unit.RANGE, preceding);
        }
        int aggregates = window.groups.stream().mapToInt(g -> g.aggCalls.size()).sum();
        return OperatorNode.builder(id, OperatorKind.OVER_AGGREGATE)
                .name(name)
                .over(frame)
                .aggregates(aggregates)
                .orderByRowtime(rowtime(input, group.orderKeys))
                .keys(keys(input, partition))
                .keyBytes(TypeSizes.keyBytes(input.getRowType(), partition))
                .stateTtl(configuredTtl);
    }

    private OperatorNode.Builder match(StreamPhysicalMatch match, int id, String name) {
        MatchRecognize recognize = match.getLogicalMatch();
        int[] partition = recognize.partitionKeys().toArray();
        RelNode input = match.getInput();
        Duration within = recognize.interval() instanceof RexLiteral literal
                ? Duration.ofMillis(literal.getValueAs(Long.class))
                : null;
        return OperatorNode.builder(id, OperatorKind.MATCH)
                .name(name)
                .pattern(new MatchPattern(
                        Math.max(1, recognize.patternDefinitions().size()), within, longestMatch(recognize.pattern())))
                .orderByRowtime(rowtime(input, recognize.orderKeys()))
                .keys(keys(input, partition))
                .keyBytes(TypeSizes.keyBytes(input.getRowType(), partition));
    }

    /**
     * The most rows a match of {@code pattern} spans (Calcite's pattern calls: a variable is a literal, a sequence
     * adds, an alternation takes its longest, a quantifier multiplies by its upper bound, -1 when unbounded); null
     * when unbounded or of a shape not known here.
     */
    @Nullable
    static Integer longestMatch(RexNode pattern) {
        if (pattern instanceof RexLiteral) {
            return 1;
        }
        if (!(pattern instanceof RexCall call)) {
            return null;
        }
        List<Integer> parts = new ArrayList<>();
        SqlKind kind = call.getKind();
        int operands =
                kind == SqlKind.PATTERN_QUANTIFIER ? 1 : call.getOperands().size();
        for (RexNode operand : call.getOperands().subList(0, operands)) {
            Integer part = longestMatch(operand);
            if (part == null) {
                return null;
            }
            parts.add(part);
        }
        return switch (kind) {
            case PATTERN_CONCAT, PATTERN_PERMUTE ->
                parts.stream().mapToInt(Integer::intValue).sum();
            case PATTERN_ALTER ->
                parts.stream().mapToInt(Integer::intValue).max().orElse(1);
            case PATTERN_QUANTIFIER -> {
                int max = ((RexLiteral) call.getOperands().get(2)).getValueAs(Integer.class);
                yield max < 0 ? null : max * parts.get(0);
            }
            default -> null;
        };
    }

    /** Whether the first sort key is an event-time attribute. */
    private static boolean rowtime(RelNode input, RelCollation order) {
        return !order.getFieldCollations().isEmpty()
                && FlinkTypeFactory.isRowtimeIndicatorType(input.getRowType()
                        .getFieldList()
                        .get(order.getFieldCollations().get(0).getFieldIndex())
                        .getType());
    }

    private static List<KeyRef> keys(RelNode input, int[] indices) {
        List<KeyRef> keys = new ArrayList<>();
        for (int index : indices) {
            keys.add(FieldOrigins.trace(input, index));
        }
        return keys;
    }

    /** Below the exchange of a two-phase aggregate, the local half's input; else the node itself. */
    private static RelNode localInput(RelNode node) {
        RelNode current = node;
        while (current instanceof StreamPhysicalExchange) {
            current = current.getInput(0);
        }
        if (current instanceof StreamPhysicalLocalWindowAggregate
                || current instanceof StreamPhysicalLocalGroupAggregate) {
            return current.getInput(0);
        }
        return node;
    }

    private static WindowShape shape(WindowSpec spec) {
        if (spec instanceof TumblingWindowSpec tumble) {
            return WindowShape.tumble(tumble.getSize());
        }
        if (spec instanceof HoppingWindowSpec hop) {
            return WindowShape.hop(hop.getSize(), hop.getSlide());
        }
        if (spec instanceof CumulativeWindowSpec cumulate) {
            return WindowShape.cumulate(cumulate.getMaxSize(), cumulate.getStep());
        }
        if (spec instanceof SessionWindowSpec session) {
            return WindowShape.session(session.getGap());
        }
        throw new IllegalArgumentException("Unknown window " + spec);
    }

    private static WindowShape legacyShape(LogicalWindow window) {
        if (window instanceof TumblingGroupWindow tumble) {
            return WindowShape.tumble(duration(tumble.size()));
        }
        if (window instanceof SlidingGroupWindow hop) {
            return WindowShape.hop(duration(hop.size()), duration(hop.slide()));
        }
        if (window instanceof SessionGroupWindow session) {
            return WindowShape.session(duration(session.gap()));
        }
        throw new IllegalArgumentException("Unknown group window " + window);
    }

    private static Duration duration(ValueLiteralExpression literal) {
        return literal.getValueAs(Duration.class)
                .orElseThrow(() -> new IllegalArgumentException("not a time interval: " + literal));
    }

    @Nullable
    private Duration ttl(@Nullable Long hintMillis) {
        return hintMillis != null && hintMillis > 0 ? Duration.ofMillis(hintMillis) : null;
    }

    /** The terms a node shows in EXPLAIN, for facts it keeps private (an interval join's bounds). */
    private static Map<String, Object> terms(RelNode node) {
        Map<String, Object> terms = new java.util.LinkedHashMap<>();
        RelWriter writer = new RelWriterImpl(new PrintWriter(new StringWriter())) {
            @Override
            protected void explain_(RelNode rel, List<Pair<String, Object>> values) {
                values.forEach(pair -> terms.put(pair.left, pair.right));
            }
        };
        node.explain(writer);
        return terms;
    }
}
