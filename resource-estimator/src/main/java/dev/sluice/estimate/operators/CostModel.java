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
 * look up and merge, and the job adds a fixed cost; parallelism keeps each slot, taken as one core, under the target
 * utilization with its share of every operator's CPU;
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

    /**
     * The estimate of {@code graph} at the rates of {@code hints}, with advice where the heap backend cannot hold its
     * state or a checkpoint takes longer than the interval (see {@link Advisor}).
     */
    public Estimate estimate(PlanGraph graph, Map<String, SourceHints> hints) {
        Sized sized = size(graph, hints);
        return sized.estimate().withAdvice(new Advisor(profile, this::size).advise(graph, hints, sized));
    }

    /**
     * An estimate without advice, and the bytes an incremental checkpoint of it uploads: per operator, what it
     * rewrites within a checkpoint interval on the plan's backend, or its whole snapshot where its formula does not
     * model rewrites.
     */
    record Sized(Estimate estimate, double uploadBytes) {}

    Sized size(PlanGraph graph, Map<String, SourceHints> hints) {
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
        double uploadBytes = 0;
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
                double snapshot = outcome.snapshotBytes() * profile.checkpointFactor(node.kind(), graph.backend());
                double rewritten = outcome.rewrittenBytes()
                        * profile.rewrittenCheckpointFactor().get(graph.backend());
                checkpointBytes += snapshot + rewritten;
                uploadBytes += outcome.rewrittenBytes() > 0 ? rewritten : snapshot;
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
        return new Sized(
                new Estimate(
                        totals(operators, checkpointBytes, graph.backend()),
                        operators,
                        List.copyOf(all),
                        graph.backend(),
                        profile.name(),
                        graph.sourceTables()),
                uploadBytes);
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

    /** How long writing {@code bytes} of checkpoint takes, each slot writing its share at the profile's speed. */
    static double checkpointMillis(CostProfile profile, double bytes, int slots) {
        return profile.checkpointBaseMillis() + bytes / (profile.checkpointBytesPerSecondPerSlot() * slots) * 1000;
    }

    private Totals totals(List<OperatorEstimate> operators, double checkpoint, StateBackend backend) {
        // The mailbox loop, watermarks and checkpoints cost CPU at any rate; operators' figures are per record.
        double cores = profile.fixedCoresPerJob()
                + operators.stream().mapToDouble(OperatorEstimate::cpuCores).sum();
        // Slot sharing puts one instance of every operator in each slot, and a slot is one core (Flink's advice: as
        // many slots as cores), so each slot's share of all the operators must stay under the target utilization,
        // not only its busiest operator's: chained operators run on one thread, and a job's tasks share the slot's
        // core. Sized by the busiest operator, the stateless calibration query at 2,176,000 rows/s got 2 where two
        // one-core slots sustained 1,590,000 (docs/benchmarks.md, section 16).
        int parallelism = (int) Math.max(1, Math.ceil(cores / profile.targetUtilization()));
        // The job needs as many slots as its parallelism.
        int slots = parallelism;
        long state = operators.stream().mapToLong(OperatorEstimate::stateBytes).sum();
        double heap = profile.heapBaseBytes()
                + slots * profile.heapPerSlotBytes()
                + (backend == StateBackend.HEAP ? state * profile.heapStateFactor() : 0);
        double managed = backend == StateBackend.ROCKSDB
                ? Math.max(slots * profile.managedBytesPerSlot(), state * profile.rocksDbCacheShare())
                : 0;
        double checkpointMillis = checkpointMillis(profile, checkpoint, slots);
        boolean unbounded = operators.stream().anyMatch(OperatorEstimate::unboundedState);
        // At capacity the JVM spends more than the task threads: collecting what they allocate, compiling, running
        // Flink's own threads; in proportion to the work, not to the job's fixed cost.
        double processCores =
                profile.fixedCoresPerJob() + (cores - profile.fixedCoresPerJob()) * (1 + profile.jvmCpuPerTaskCpu());
        return new Totals(
                parallelism,
                slots,
                cores,
                state,
                Math.round(heap),
                Math.round(managed),
                Math.round(checkpoint),
                Math.round(checkpointMillis),
                unbounded,
                processCores);
    }
}
