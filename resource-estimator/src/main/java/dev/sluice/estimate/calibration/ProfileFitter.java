package dev.sluice.estimate.calibration;

import dev.sluice.estimate.calibration.LinearFit.Point;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Fits a machine's cost constants from measured micro-queries, each estimated with a base profile:
 * <ol>
 *   <li>Stateless kinds (source, calc, exchange, watermark, local aggregate, sink, other) share one scale, and the
 *       job its fixed cost: a least-squares line of measured against estimated cores (the base profile's fixed cost
 *       taken out) over the runs of a stateless query at two or more rates; slope the scale, intercept the fixed
 *       cost. One rate, or a falling line, gives the ratio through the origin and keeps the base fixed cost.
 *   <li>Each stateful kind's CPU per record on the heap backend: measured cores minus the (scaled) stateless
 *       operators' estimate, against the kind's input rate, fitted as a least-squares line over two or more
 *       rates; the slope is the cost per record (its heap state access included), the intercept the idle cost.
 *   <li>RocksDB's extra state-access cost, per kind: the mean of what a record of that kind cost more on RocksDB
 *       than its heap line predicts at the same rate; the backend's value is the median over all such runs.
 *   <li>Checkpoint bytes per serialized state byte, per kind and backend: measured checkpoint sizes against the
 *       estimated checkpoint of the same runs, a ratio through the origin, times the base factor; the backend's
 *       value is the same ratio over all of its runs.
 * </ol>
 * Constants the runs give no evidence for keep the base profile's value, and the notes say so.
 */
public final class ProfileFitter {

    /**
     * One measured micro-query.
     *
     * @param subject the operator kind it exists to measure; a stateless kind for the stateless query
     * @param estimate its estimate under the base profile, at the rates it ran with
     * @param measuredCores CPU cores its tasks used
     * @param measuredCheckpointBytes the full state size of a checkpoint at steady state
     */
    public record Run(OperatorKind subject, StateBackend backend, Estimate estimate, double measuredCores, long measuredCheckpointBytes) {
        public Run {
            requireNonNull(subject, "subject is null");
            requireNonNull(backend, "backend is null");
            requireNonNull(estimate, "estimate is null");
        }

        double estimatedCores(boolean ofSubject) {
            return estimate.operators().stream()
                    .filter(op -> (op.kind() == subject) == ofSubject)
                    .mapToDouble(OperatorEstimate::cpuCores)
                    .sum();
        }

        double subjectRecordsPerSecond() {
            return estimate.operators().stream()
                    .filter(op -> op.kind() == subject)
                    .mapToDouble(OperatorEstimate::inputRate)
                    .sum();
        }
    }

    /** The fitted profile and one line per constant on how it was fitted (or why it was kept). */
    public record Fit(CostProfile profile, List<String> notes) {}

    private ProfileFitter() {}

    public static Fit fit(CostProfile base, String name, List<Run> runs) {
        List<String> notes = new ArrayList<>();
        Map<OperatorKind, Double> cpu = new EnumMap<>(base.cpuNanosPerRecord());
        Map<StateBackend, Double> access = new EnumMap<>(base.stateAccessNanosPerRecord());
        Map<StateBackend, Double> checkpoint = new EnumMap<>(base.checkpointBytesPerStateByte());

        double fixed = base.fixedCoresPerJob();
        List<Point> stateless = runs.stream().filter(r -> !r.subject().stateful())
                .map(r -> new Point(r.estimatedCores(true) + r.estimatedCores(false), r.measuredCores())).toList();
        double scale = 1;
        if (stateless.isEmpty()) {
            notes.add("stateless kinds: no stateless run, base values kept");
        } else {
            LinearFit line = distinctX(stateless) >= 2 ? LinearFit.leastSquares(stateless) : null;
            if (line != null && line.slope() > 0 && line.intercept() >= 0) {
                scale = line.slope();
                fixed = line.intercept();
                notes.add(String.format("fixed cost per job: %.4f cores (intercept over %d stateless runs)", fixed, stateless.size()));
            } else {
                // Without the fixed cost's own evidence, it stays and the scale explains the rest.
                List<Point> net = stateless.stream().map(p -> new Point(p.x(), p.y() - base.fixedCoresPerJob())).toList();
                scale = LinearFit.throughOrigin(net).slope();
                notes.add(String.format("fixed cost per job: no line over the stateless runs, base %.4f cores kept", fixed));
            }
            for (OperatorKind kind : OperatorKind.values()) {
                if (!kind.stateful()) {
                    cpu.put(kind, base.cpuNanos(kind) * scale);
                }
            }
            notes.add(String.format("stateless kinds: measured/estimated cores %.3f over %d runs, applied to each", scale, stateless.size()));
        }

        Map<OperatorKind, LinearFit> heapLines = new LinkedHashMap<>();
        List<Double> rocksDbExtra = new ArrayList<>();
        Map<OperatorKind, Map<StateBackend, Double>> accessByKind = new EnumMap<>(OperatorKind.class);
        base.stateAccessNanosByKind().forEach((kind, values) -> accessByKind.put(kind, new EnumMap<>(values)));
        for (OperatorKind kind : OperatorKind.values()) {
            if (!kind.stateful()) {
                continue;
            }
            List<Point> heap = points(runs, kind, StateBackend.HEAP, scale, fixed);
            if (heap.isEmpty()) {
                notes.add(kind + ": no heap run, base value kept");
                continue;
            }
            LinearFit line = distinctX(heap) >= 2 ? LinearFit.leastSquares(heap) : LinearFit.throughOrigin(heap);
            if (!(line.slope() > 0) || line.intercept() < 0) {
                // Noise larger than the signal (a shared machine): a falling line, or one whose idle cost is negative
                // and so whose slope overstates the cost per record; the ratio through the origin is steadier.
                line = LinearFit.throughOrigin(heap);
            }
            if (!(line.slope() > 0)) {
                notes.add(kind + ": measured no CPU above the stateless operators, base value kept");
                continue;
            }
            heapLines.put(kind, line);
            double perRecord = line.slope() * 1e9;
            cpu.put(kind, Math.max(0, perRecord - access.get(StateBackend.HEAP)));
            notes.add(String.format("%s: %.0f ns per record on heap (line over %d runs, idle %.4f cores), minus heap access %.0f",
                    kind, perRecord, heap.size(), line.intercept(), access.get(StateBackend.HEAP)));
            List<Double> extras = new ArrayList<>();
            for (Point p : points(runs, kind, StateBackend.ROCKSDB, scale, fixed)) {
                if (p.x() > 0) {
                    extras.add((p.y() - line.at(p.x())) / p.x() * 1e9);
                }
            }
            if (!extras.isEmpty()) {
                double extra = extras.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
                accessByKind.computeIfAbsent(kind, k -> new EnumMap<>(StateBackend.class))
                        .put(StateBackend.ROCKSDB, access.get(StateBackend.HEAP) + Math.max(0, extra));
                notes.add(String.format("%s on RocksDB: heap access + %.0f ns per record over %d runs", kind, extra, extras.size()));
                rocksDbExtra.addAll(extras);
            }
        }
        if (rocksDbExtra.isEmpty()) {
            notes.add("RocksDB state access: no RocksDB run of a kind with a heap line, base value kept");
        } else {
            double extra = median(rocksDbExtra);
            access.put(StateBackend.ROCKSDB, access.get(StateBackend.HEAP) + Math.max(0, extra));
            notes.add(String.format("RocksDB state access: heap access + median extra %.0f ns per record over %d runs", extra, rocksDbExtra.size()));
        }

        Map<OperatorKind, Map<StateBackend, Double>> checkpointByKind = new EnumMap<>(OperatorKind.class);
        base.checkpointBytesByKind().forEach((kind, values) -> checkpointByKind.put(kind, new EnumMap<>(values)));
        for (StateBackend backend : StateBackend.values()) {
            List<Point> sizes = checkpointPoints(runs, backend, null);
            if (sizes.isEmpty()) {
                notes.add("checkpoint bytes per state byte on " + backend + ": no stateful run, base value kept");
                continue;
            }
            checkpoint.put(backend, base.checkpointBytesPerStateByte().get(backend) * LinearFit.throughOrigin(sizes).slope());
            notes.add(String.format("checkpoint bytes per state byte on %s: %.3f (ratio over %d runs)",
                    backend, checkpoint.get(backend), sizes.size()));
            for (OperatorKind kind : OperatorKind.values()) {
                List<Point> own = kind.stateful() ? checkpointPoints(runs, backend, kind) : List.of();
                if (!own.isEmpty()) {
                    double factor = base.checkpointFactor(kind, backend) * LinearFit.throughOrigin(own).slope();
                    checkpointByKind.computeIfAbsent(kind, k -> new EnumMap<>(StateBackend.class)).put(backend, factor);
                    notes.add(String.format("checkpoint bytes per state byte of %s on %s: %.3f (ratio over %d runs)",
                            kind, backend, factor, own.size()));
                }
            }
        }
        notes.add("window fire cost per value: no calibration query fires many values, base value kept");
        notes.add("checkpoint bytes per entry: not fitted (the per-kind factors absorb the rest), base value kept");
        return new Fit(withConstants(base, name, cpu, access, checkpoint, fixed, accessByKind, checkpointByKind), notes);
    }

    /** For a stateful kind: (its input rate, measured cores minus the fixed cost and the scaled estimate of everything else). */
    private static List<Point> points(List<Run> runs, OperatorKind kind, StateBackend backend, double statelessScale, double fixed) {
        return runs.stream()
                .filter(r -> r.subject() == kind && r.backend() == backend)
                .map(r -> new Point(r.subjectRecordsPerSecond(), r.measuredCores() - fixed - statelessScale * r.estimatedCores(false)))
                .toList();
    }

    /**
     * (estimated checkpoint, measured checkpoint) of the runs on {@code backend} with state, of {@code subject}'s
     * runs only unless null. A run's estimate used the base factors: the ratio corrects them.
     */
    private static List<Point> checkpointPoints(List<Run> runs, StateBackend backend, OperatorKind subject) {
        return runs.stream()
                .filter(r -> r.backend() == backend && r.estimate().totals().checkpointBytes() > 0)
                .filter(r -> subject == null || r.subject() == subject)
                .map(r -> new Point(r.estimate().totals().checkpointBytes(), r.measuredCheckpointBytes()))
                .toList();
    }

    private static long distinctX(List<Point> points) {
        return points.stream().mapToDouble(Point::x).distinct().count();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static CostProfile withConstants(CostProfile base, String name, Map<OperatorKind, Double> cpu,
            Map<StateBackend, Double> access, Map<StateBackend, Double> checkpoint, double fixed,
            Map<OperatorKind, Map<StateBackend, Double>> accessByKind,
            Map<OperatorKind, Map<StateBackend, Double>> checkpointByKind) {
        return new CostProfile(name, cpu, access, base.stateEntryOverheadBytes(), base.accumulatorBytes(), checkpoint,
                base.checkpointBaseMillis(), base.checkpointBytesPerSecondPerSlot(), base.targetUtilization(),
                base.heapBaseBytes(), base.heapPerSlotBytes(), base.heapStateFactor(), base.managedBytesPerSlot(),
                base.rocksDbCacheShare(), base.defaultEventsPerSecond(), base.defaultDistinctKeys(),
                base.defaultFilterSelectivity(), base.defaultOutOfOrdernessMillis(), base.unboundedHorizonSeconds(),
                fixed, base.windowFireNanosPerValue(), accessByKind, checkpointByKind, base.checkpointBytesPerEntry(),
                base.documentation());
    }
}
