package dev.sluice.estimate.operators;

import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Applies each operator's formulas in plan order, then sizes the job: CPU per operator is the records it processes ×
 * the profile's cost per record of its kind (plus its kind's state access on the backend) plus what its window fires
 * look up and merge, and the job adds a fixed cost; parallelism keeps each instance under the target utilization;
 * memory follows from the live state; a checkpoint is the serialized state times its kind's checkpoint factor plus,
 * on RocksDB, what was rewritten within a checkpoint interval times the backend's factor for it.
 */
public final class CostModel {

    private static final Formula STATELESS = new StatelessFormula();

    private final CostProfile profile;
    private final Map<OperatorKind, Formula> formulas = new EnumMap<>(OperatorKind.class);

    public CostModel(CostProfile profile) {
        this.profile = requireNonNull(profile, "profile is null");
        formulas.put(OperatorKind.LOCAL_AGGREGATE, new LocalAggregateFormula());
        Formula windowAggregate = new WindowAggregateFormula();
        formulas.put(OperatorKind.WINDOW_AGGREGATE, windowAggregate);
        formulas.put(OperatorKind.GROUP_WINDOW_AGGREGATE, new GroupWindowAggregateFormula(windowAggregate));
        formulas.put(OperatorKind.WINDOW_JOIN, new WindowJoinFormula());
        formulas.put(OperatorKind.WINDOW_RANK, new WindowRankFormula());
        formulas.put(OperatorKind.WINDOW_DEDUPLICATE, new WindowDeduplicateFormula());
        formulas.put(OperatorKind.OVER_AGGREGATE, new OverAggregateFormula());
        formulas.put(OperatorKind.TEMPORAL_JOIN, new TemporalJoinFormula());
        formulas.put(OperatorKind.MATCH, new MatchFormula());
        formulas.put(OperatorKind.GROUP_AGGREGATE, new GroupAggregateFormula());
        formulas.put(OperatorKind.REGULAR_JOIN, new RegularJoinFormula());
        formulas.put(OperatorKind.INTERVAL_JOIN, new IntervalJoinFormula());
        formulas.put(OperatorKind.DEDUPLICATE, new DeduplicateFormula());
        formulas.put(OperatorKind.RANK, new RankFormula());
    }

    public Estimate estimate(PlanGraph graph, Map<String, SourceHints> hints) {
        Map<String, SourceInfo> sources = new HashMap<>();
        graph.operators().stream()
                .filter(node -> node.source() != null)
                .forEach(node -> sources.put(node.source().table(), node.source()));
        ModelContext context = new ModelContext(profile, graph.backend(), graph.checkpointInterval(), hints, sources);
        Map<Integer, Flow> flows = new HashMap<>();
        Map<Integer, OperatorNode> nodes = new HashMap<>();
        List<OperatorEstimate> operators = new ArrayList<>();
        Set<Assumption> all = new LinkedHashSet<>();
        double checkpointBytes = 0;
        for (OperatorNode node : graph.operators()) {
            nodes.put(node.id(), node);
            List<Flow> inputs = node.inputs().stream().map(flows::get).toList();
            OperatorEstimate estimate;
            Flow out;
            if (node.kind() == OperatorKind.SOURCE) {
                out = SourceFlows.of(node.source(), context);
                estimate = operator(
                        node,
                        out.rate(),
                        out.rowBytes(),
                        Outcome.stateless(out.rate(), List.of()),
                        out.assumptions(),
                        graph.backend());
            } else {
                Outcome outcome = outcome(node, inputs, context);
                double rowBytes = node.rowBytes() * sizeScale(node, inputs, nodes);
                List<Assumption> used = new ArrayList<>();
                inputs.forEach(input -> used.addAll(input.assumptions()));
                used.addAll(outcome.assumptions());
                List<Assumption> distinct = List.copyOf(new LinkedHashSet<>(used));
                // Per record it processes: behind a local pre-aggregate, partial accumulators rather than rows.
                double in = inputs.stream().mapToDouble(Flow::records).sum();
                estimate = operator(node, in, rowBytes, outcome, distinct, graph.backend());
                checkpointBytes += outcome.snapshotBytes() * profile.checkpointFactor(node.kind(), graph.backend())
                        + outcome.rewrittenBytes()
                                * profile.rewrittenCheckpointFactor().get(graph.backend());
                long late = inputs.stream()
                        .mapToLong(Flow::outOfOrdernessMillis)
                        .max()
                        .orElse(0);
                out = new Flow(outcome.outputRate(), outcome.outputRecords(), rowBytes, late, distinct);
            }
            flows.put(node.id(), out);
            operators.add(estimate);
            all.addAll(estimate.assumptions());
        }
        return new Estimate(
                totals(operators, checkpointBytes, graph.backend()),
                operators,
                List.copyOf(all),
                graph.backend(),
                profile.name(),
                graph.sourceTables());
    }

    /**
     * The operator's formulas; one that fails on a plan shape it was not written for counts the operator as a
     * stateless pass-through and says so, so that one operator never costs the whole statement its estimate.
     */
    private Outcome outcome(OperatorNode node, List<Flow> inputs, ModelContext context) {
        try {
            return formulas.getOrDefault(node.kind(), STATELESS).apply(node, inputs, context);
        } catch (RuntimeException e) {
            double rate = inputs.stream().mapToDouble(Flow::rate).sum();
            double records = inputs.stream().mapToDouble(Flow::records).sum();
            return Outcome.stateless(
                    rate,
                    records,
                    List.of(new Assumption(
                            node.name(),
                            "its " + node.kind() + " formula does not fit this plan (" + e.getMessage()
                                    + "): counted as a stateless pass-through, its state not counted",
                            Assumption.Origin.DEFAULT)));
        }
    }

    /**
     * A row-size hint for a source scales the rows derived from it: an operator's rows are its column types'
     * size times the average ratio of its inputs' hinted to typed row sizes.
     */
    private static double sizeScale(OperatorNode node, List<Flow> inputs, Map<Integer, OperatorNode> nodes) {
        double sum = 0;
        for (int i = 0; i < inputs.size(); i++) {
            double typed = nodes.get(node.inputs().get(i)).rowBytes();
            sum += typed > 0 ? inputs.get(i).rowBytes() / typed : 1;
        }
        return inputs.isEmpty() ? 1 : sum / inputs.size();
    }

    /** {@code records}: per second the operator processes (a source: emits); its output counted in records as well. */
    private OperatorEstimate operator(
            OperatorNode node,
            double records,
            double rowBytes,
            Outcome outcome,
            List<Assumption> used,
            StateBackend backend) {
        double out = outcome.outputRecords();
        double nanosPerRecord = profile.cpuNanos(node.kind())
                + (node.kind().stateful()
                        ? outcome.stateAccessesPerRecord() * profile.stateAccessNanos(node.kind(), backend)
                        : 0);
        double fireNanos =
                outcome.fireReadsPerSecond() * profile.windowFireNanosPerRead().get(backend)
                        + outcome.fireValuesPerSecond()
                                * profile.windowFireNanosPerValue().get(backend);
        double cores = (records * nanosPerRecord + fireNanos) / 1e9;
        int parallelism = (int) Math.max(1, Math.ceil(cores / profile.targetUtilization()));
        return new OperatorEstimate(
                node.id(),
                node.kind(),
                node.name(),
                records,
                out,
                rowBytes,
                cores,
                parallelism,
                outcome.stateEntries(),
                Math.round(outcome.stateBytes()),
                outcome.unboundedState(),
                used);
    }

    private Totals totals(List<OperatorEstimate> operators, double checkpoint, StateBackend backend) {
        int parallelism =
                operators.stream().mapToInt(OperatorEstimate::parallelism).max().orElse(1);
        // Slot sharing puts one instance of every operator in each slot: the job needs as many slots as its
        // parallelism.
        int slots = parallelism;
        // The mailbox loop, watermarks and checkpoints cost CPU at any rate; operators' figures are per record.
        double cores = profile.fixedCoresPerJob()
                + operators.stream().mapToDouble(OperatorEstimate::cpuCores).sum();
        long state = operators.stream().mapToLong(OperatorEstimate::stateBytes).sum();
        double heap = profile.heapBaseBytes()
                + slots * profile.heapPerSlotBytes()
                + (backend == StateBackend.HEAP ? state * profile.heapStateFactor() : 0);
        double managed = backend == StateBackend.ROCKSDB
                ? Math.max(slots * profile.managedBytesPerSlot(), state * profile.rocksDbCacheShare())
                : 0;
        double checkpointMillis = profile.checkpointBaseMillis()
                + checkpoint / (profile.checkpointBytesPerSecondPerSlot() * slots) * 1000;
        boolean unbounded = operators.stream().anyMatch(OperatorEstimate::unboundedState);
        return new Totals(
                parallelism,
                slots,
                cores,
                state,
                Math.round(heap),
                Math.round(managed),
                Math.round(checkpoint),
                Math.round(checkpointMillis),
                unbounded);
    }
}
