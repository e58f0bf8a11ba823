package dev.sluice.estimate.calibration;

import dev.sluice.estimate.calibration.ProfileFitter.Run;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProfileFitterTest {

    /** The shipped profile without a fixed cost and without per-kind constants, so the hand computations stay short. */
    private static final CostProfile BASE = plain(CostProfile.defaults(), null);

    /** The defaults without their per-kind constants or fixed cost, and with {@code accessByKind}. */
    private static CostProfile plain(CostProfile p, Map<OperatorKind, Map<StateBackend, Double>> accessByKind) {
        return new CostProfile(
                p.name(),
                p.cpuNanosPerRecord(),
                p.stateAccessNanosPerRecord(),
                p.stateEntryOverheadBytes(),
                p.accumulatorBytes(),
                p.checkpointBytesPerStateByte(),
                p.checkpointBaseMillis(),
                p.checkpointBytesPerSecondPerSlot(),
                p.targetUtilization(),
                p.heapBaseBytes(),
                p.heapPerSlotBytes(),
                p.heapStateFactor(),
                p.managedBytesPerSlot(),
                p.rocksDbCacheShare(),
                p.defaultEventsPerSecond(),
                p.defaultDistinctKeys(),
                p.defaultFilterSelectivity(),
                p.defaultOutOfOrdernessMillis(),
                p.unboundedHorizonSeconds(),
                0.0,
                null,
                accessByKind,
                null,
                null,
                null,
                null,
                null,
                null,
                p.documentation());
    }

    /** A source and a sink estimated at {@code otherCores} together, and one {@code subject} operator. */
    private static Estimate estimate(
            StateBackend backend, double otherCores, OperatorKind subject, double rate, long checkpointBytes) {
        List<OperatorEstimate> operators = List.of(
                new OperatorEstimate(
                        1, OperatorKind.SOURCE, "source", 0, rate, 50, otherCores / 2, 1, 0, 0, false, List.of()),
                new OperatorEstimate(
                        2, subject, "subject", rate, rate, 50, 0.001, 1, 0, 2 * checkpointBytes, false, List.of()),
                new OperatorEstimate(
                        3, OperatorKind.SINK, "sink", rate, 0, 50, otherCores / 2, 1, 0, 0, false, List.of()));
        Totals totals = new Totals(1, 1, otherCores + 0.001, 2 * checkpointBytes, 0, 0, checkpointBytes, 0, false);
        return new Estimate(totals, operators, List.of(), backend, "default", Set.of("t"));
    }

    @Test
    void fitsEachConstantFromHandComputedMeasurements() {
        List<Run> runs = List.of(
                // Stateless: source + calc + sink estimated at 0.003 cores, measured 0.007, and at 0.009, measured
                // 0.019:
                // the line 0.001 + 2 x, so a fixed 0.001 cores per job and scale 2.
                new Run(
                        OperatorKind.CALC,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.002, OperatorKind.CALC, 1000, 0),
                        0.007,
                        0),
                new Run(
                        OperatorKind.CALC,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.008, OperatorKind.CALC, 3000, 0),
                        0.019,
                        0),
                // Deduplicate on heap at 1000 and 3000 rows/s; the other operators' estimate, 0.001 and 0.003, scaled
                // by 2,
                // and the fixed 0.001. Left for deduplicate: 0.0055 - 0.001 - 0.002 = 0.0025 and 0.0125 - 0.001 - 0.006
                // = 0.0055, so the line is 0.001 + 1.5e-6 x: 1500 ns per record, of which the base heap access is 300.
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.001, OperatorKind.DEDUPLICATE, 1000, 1000),
                        0.0055,
                        500),
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.003, OperatorKind.DEDUPLICATE, 3000, 3000),
                        0.0125,
                        1500),
                // RocksDB at 2000 rows/s: 0.019 - 0.001 - 2 * 0.002 others - heap line 0.004 = 0.01, 5000 ns more per
                // record.
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.ROCKSDB,
                        estimate(StateBackend.ROCKSDB, 0.002, OperatorKind.DEDUPLICATE, 2000, 2000),
                        0.019,
                        3000));

        ProfileFitter.Fit fit = ProfileFitter.fit(BASE, "this-machine", runs);
        CostProfile fitted = fit.profile();

        assertThat(fitted.name()).isEqualTo("this-machine");
        assertThat(fitted.cpuNanos(OperatorKind.SOURCE))
                .isCloseTo(2 * BASE.cpuNanos(OperatorKind.SOURCE), within(1e-6));
        assertThat(fitted.cpuNanos(OperatorKind.CALC)).isCloseTo(2 * BASE.cpuNanos(OperatorKind.CALC), within(1e-6));
        assertThat(fitted.cpuNanos(OperatorKind.DEDUPLICATE))
                .isCloseTo(1500 - BASE.stateAccessNanosPerRecord().get(StateBackend.HEAP), within(1e-6));
        assertThat(fitted.fixedCoresPerJob()).isCloseTo(0.001, within(1e-12));
        assertThat(fitted.stateAccessNanosPerRecord().get(StateBackend.ROCKSDB))
                .isCloseTo(BASE.stateAccessNanosPerRecord().get(StateBackend.HEAP) + 5000, within(1e-6));
        assertThat(fitted.stateAccessNanos(OperatorKind.DEDUPLICATE, StateBackend.ROCKSDB))
                .isCloseTo(BASE.stateAccessNanosPerRecord().get(StateBackend.HEAP) + 5000, within(1e-6));
        // Measured against estimated checkpoints. Heap: (1000 * 500 + 3000 * 1500) / (1000^2 + 3000^2) = 0.5 times the
        // base factor. RocksDB: 3000 / 2000 = 1.5 times. Only deduplication has state, so its own factors are the same.
        double heapBase = BASE.checkpointBytesPerStateByte().get(StateBackend.HEAP);
        double rocksBase = BASE.checkpointBytesPerStateByte().get(StateBackend.ROCKSDB);
        assertThat(fitted.checkpointBytesPerStateByte().get(StateBackend.HEAP))
                .isCloseTo(0.5 * heapBase, within(1e-12));
        assertThat(fitted.checkpointBytesPerStateByte().get(StateBackend.ROCKSDB))
                .isCloseTo(1.5 * rocksBase, within(1e-12));
        assertThat(fitted.checkpointFactor(OperatorKind.DEDUPLICATE, StateBackend.HEAP))
                .isCloseTo(0.5 * heapBase, within(1e-12));
        assertThat(fitted.checkpointFactor(OperatorKind.DEDUPLICATE, StateBackend.ROCKSDB))
                .isCloseTo(1.5 * rocksBase, within(1e-12));
        // A kind without runs falls back to the backend's factor.
        assertThat(fitted.checkpointFactor(OperatorKind.RANK, StateBackend.HEAP))
                .isCloseTo(0.5 * heapBase, within(1e-12));
        // A kind with no run keeps its base value, and the notes say so.
        assertThat(fitted.cpuNanos(OperatorKind.RANK)).isEqualTo(BASE.cpuNanos(OperatorKind.RANK));
        assertThat(fit.notes()).anyMatch(note -> note.startsWith("RANK: no heap run"));
        assertThat(fitted.targetUtilization()).isEqualTo(BASE.targetUtilization());
    }

    @Test
    void aLineWithANegativeIdleCostGivesWayToTheRatioThroughTheOrigin() {
        // Deduplicate alone, the other operators estimated at 0.001 and 0.003 cores: left for it 0.001 cores at 1000
        // rows/s and 0.0055 at 3000. The line through both, 2250 ns per record, would idle at -0.00125 cores, which
        // no job does; through the origin: (1000 * 0.001 + 3000 * 0.0055) / (1000^2 + 3000^2) = 1750 ns per record.
        List<Run> runs = List.of(
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.001, OperatorKind.DEDUPLICATE, 1000, 0),
                        0.002,
                        0),
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.003, OperatorKind.DEDUPLICATE, 3000, 0),
                        0.0085,
                        0));

        CostProfile fitted = ProfileFitter.fit(BASE, "noisy", runs).profile();

        assertThat(fitted.cpuNanos(OperatorKind.DEDUPLICATE))
                .isCloseTo(1750 - BASE.stateAccessNanosPerRecord().get(StateBackend.HEAP), within(1e-6));
    }

    @Test
    void aTwoPhaseWindowAggregatesLineIsItsLocalHalfsCostPerRow() {
        // TUMBLE behind a local pre-aggregate: the global half processes 500 partials/s at either rate, estimated at
        // 0.0005 cores; the source and sink 0.001 and 0.003. Left for the local half: 0.0035 - 0.001 - 0.0005 = 0.002
        // at 1000 rows/s and 0.0075 - 0.003 - 0.0005 = 0.004 at 3000: the line 0.001 + 1e-6 x, 1000 ns per row.
        // On RocksDB at 2000 rows/s the job measured 0.0035 cores above that line; over the global half's 500
        // records/s that would be 7000 ns more per access, too few records to tell from noise: not fitted.
        List<Run> runs = List.of(
                new Run(
                        OperatorKind.WINDOW_AGGREGATE,
                        StateBackend.HEAP,
                        twoPhase(StateBackend.HEAP, 0.001, 1000),
                        0.0035,
                        0),
                new Run(
                        OperatorKind.WINDOW_AGGREGATE,
                        StateBackend.HEAP,
                        twoPhase(StateBackend.HEAP, 0.003, 3000),
                        0.0075,
                        0),
                new Run(
                        OperatorKind.WINDOW_AGGREGATE,
                        StateBackend.ROCKSDB,
                        twoPhase(StateBackend.ROCKSDB, 0.002, 2000),
                        0.0090,
                        0));

        ProfileFitter.Fit fit = ProfileFitter.fit(BASE, "two-phase", runs);

        assertThat(fit.profile().cpuNanos(OperatorKind.LOCAL_AGGREGATE)).isCloseTo(1000, within(1e-6));
        assertThat(fit.profile().cpuNanos(OperatorKind.WINDOW_AGGREGATE))
                .isEqualTo(BASE.cpuNanos(OperatorKind.WINDOW_AGGREGATE));
        assertThat(fit.profile().stateAccessNanos(OperatorKind.WINDOW_AGGREGATE, StateBackend.ROCKSDB))
                .isEqualTo(BASE.stateAccessNanosPerRecord().get(StateBackend.ROCKSDB));
        assertThat(fit.notes())
                .contains("WINDOW_AGGREGATE on RocksDB: not fitted (its global half processes too few records):"
                        + " the base's own value, else the backend's");

        CostProfile baseWithOwn = plain(
                CostProfile.defaults(), Map.of(OperatorKind.WINDOW_AGGREGATE, Map.of(StateBackend.ROCKSDB, 4321.0)));
        assertThat(ProfileFitter.fit(baseWithOwn, "two-phase", runs)
                        .profile()
                        .stateAccessNanos(OperatorKind.WINDOW_AGGREGATE, StateBackend.ROCKSDB))
                .isEqualTo(4321.0);
    }

    @Test
    void aKindMeasuredBelowItsHeapLineOnRocksDbKeepsTheBasesOwnValue() {
        // Deduplicate on heap, the others estimated at 0.001 and 0.003 cores: left 0.0045 at 1000 rows/s and 0.0095
        // at 3000, the line 0.002 + 2.5e-6 x. On RocksDB at 2000 rows/s the line and the others (0.002) say 0.009;
        // measured 0.008, below it: no evidence of RocksDB's extra cost.
        List<Run> runs = List.of(
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.001, OperatorKind.DEDUPLICATE, 1000, 0),
                        0.0055,
                        0),
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.HEAP,
                        estimate(StateBackend.HEAP, 0.003, OperatorKind.DEDUPLICATE, 3000, 0),
                        0.0125,
                        0),
                new Run(
                        OperatorKind.DEDUPLICATE,
                        StateBackend.ROCKSDB,
                        estimate(StateBackend.ROCKSDB, 0.002, OperatorKind.DEDUPLICATE, 2000, 0),
                        0.008,
                        0));

        CostProfile baseWithOwn =
                plain(CostProfile.defaults(), Map.of(OperatorKind.DEDUPLICATE, Map.of(StateBackend.ROCKSDB, 1900.0)));
        assertThat(ProfileFitter.fit(baseWithOwn, "noisy", runs)
                        .profile()
                        .stateAccessNanos(OperatorKind.DEDUPLICATE, StateBackend.ROCKSDB))
                .isEqualTo(1900.0);

        // Without one it takes the backend's value, the median extra over all RocksDB runs (here its own, -500 ns,
        // clamped at the heap's access).
        CostProfile withoutOwn = ProfileFitter.fit(BASE, "noisy", runs).profile();
        assertThat(withoutOwn.stateAccessNanos(OperatorKind.DEDUPLICATE, StateBackend.ROCKSDB))
                .isEqualTo(withoutOwn.stateAccessNanosPerRecord().get(StateBackend.ROCKSDB))
                .isEqualTo(BASE.stateAccessNanosPerRecord().get(StateBackend.HEAP));
    }

    /** A source and sink estimated at {@code otherCores}, a local window aggregate and its global half at 500 records/s. */
    private static Estimate twoPhase(StateBackend backend, double otherCores, double rate) {
        List<OperatorEstimate> operators = List.of(
                new OperatorEstimate(
                        1, OperatorKind.SOURCE, "source", 0, rate, 50, otherCores / 2, 1, 0, 0, false, List.of()),
                new OperatorEstimate(
                        2, OperatorKind.LOCAL_AGGREGATE, "local", rate, 500, 50, 0.0001, 1, 0, 0, false, List.of()),
                new OperatorEstimate(
                        3, OperatorKind.WINDOW_AGGREGATE, "global", 500, 10, 50, 0.0005, 1, 10, 1000, false, List.of()),
                new OperatorEstimate(
                        4, OperatorKind.SINK, "sink", 10, 0, 50, otherCores / 2, 1, 0, 0, false, List.of()));
        Totals totals = new Totals(1, 1, otherCores + 0.0006, 1000, 0, 0, 1000, 0, false);
        return new Estimate(totals, operators, List.of(), backend, "default", Set.of("t"));
    }

    @Test
    void withNoRunsEveryConstantIsKept() {
        ProfileFitter.Fit fit = ProfileFitter.fit(BASE, "empty", List.of());

        assertThat(fit.profile().cpuNanosPerRecord()).isEqualTo(BASE.cpuNanosPerRecord());
        assertThat(fit.profile().checkpointBytesPerStateByte()).isEqualTo(BASE.checkpointBytesPerStateByte());
        assertThat(fit.notes()).contains("stateless kinds: no stateless run, base values kept");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(ProfileFitter.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(ProfileFitter.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    }
}
