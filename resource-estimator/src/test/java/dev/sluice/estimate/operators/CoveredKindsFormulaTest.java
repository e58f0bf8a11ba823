package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.MatchPattern;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.OverFrame;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.WindowShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The formulas of the operator kinds beyond window TVF aggregation and the regular and interval joins, against values
 * computed by hand (in the comments) with the round constants of {@link CostModelTest#PROFILE}: 1000 ns per record for
 * every kind, state access 0 ns on the heap and 1000 ns on RocksDB, entry overhead 32 bytes on the heap, 16-byte
 * accumulators, window fires 50 ns per state looked up on the heap and 2000 on RocksDB, horizon 3600 s, 1000 distinct
 * keys by default. Keys are 8 bytes; rows of {@code events} 100 bytes, of {@code l} 10 and of {@code r} 20.
 */
class CoveredKindsFormulaTest {

    private static final KeyRef USER = new KeyRef("events", "user_id");
    private static final KeyRef LEFT_USER = new KeyRef("l", "user_id");

    private final CostModel model = new CostModel(CostModelTest.PROFILE);

    @Test
    void aLegacySessionWindowKeepsWhatTheSessionWindowTvfKeeps() {
        // As the window TVF's session (CostModelTest): 100 rows/s, 5000 users, gap 10 s: active keys =
        // 5000 * (1 - (1 - 1/5000)^1000) = 906.4281, each with a merging-set entry 8 + 16 + 16 + 32 = 72 B, an
        // accumulator 8 + 16 + 16 + 32 = 72 B and a timer 8 + 16 + 8 + 32 = 64 B: 2719 entries, 906.4281 * 208 =
        // 188537 B; output min(100, 906.4281 / 10) = 90.6428 rows/s.
        OperatorEstimate session = single(
                OperatorNode.builder(1, OperatorKind.GROUP_WINDOW_AGGREGATE)
                        .window(WindowShape.session(Duration.ofSeconds(10)))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(100.0, null, Map.of("user_id", 5000L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(session.stateEntries()).isEqualTo(2719);
        assertThat(session.stateBytes()).isEqualTo(188_537);
        assertThat(session.outputRate()).isCloseTo(90.6428, within(1e-4));
    }

    @Test
    void aLegacySlidingWindowKeepsEachOfItsOverlappingWindowsApart() {
        // HOP 60 s / 10 s, 100 rows/s, 1000 users, no lateness: 60 / 10 = 6 windows per key, each a tumbling 60 s
        // window. One tumbling window (the window TVF's formula): a window's 6000 rows draw
        // 1000 * (1 - 0.999^6000) = 997.5287 keys; while it fills it holds on average
        // 1000 * (1 - (1 - 0.999^6000) / (-6000 * ln 0.999)) = 833.8284 keys, each with an accumulator
        // 8 key + 8 window + 16 + 32 = 64 B and a timer 8 + 8 + 8 + 32 = 56 B: 1667.66 entries (1668), 100059.4 B.
        // Times 6: 10008 entries, 600356 B. Each 10 s a window of 997.5287 keys fires: 99.7529 rows/s.
        Supplier<OperatorNode.Builder> hop = () -> OperatorNode.builder(1, OperatorKind.GROUP_WINDOW_AGGREGATE)
                .window(WindowShape.hop(Duration.ofSeconds(60), Duration.ofSeconds(10)))
                .keys(List.of(USER))
                .aggregates(1);
        SourceHints hints = new SourceHints(100.0, null, Map.of("user_id", 1000L), Duration.ZERO);
        OperatorEstimate heap = single(hop.get(), hints, StateBackend.HEAP);
        assertThat(heap.stateEntries()).isEqualTo(10_008);
        assertThat(heap.stateBytes()).isEqualTo(600_356);
        assertThat(heap.outputRate()).isCloseTo(99.7529, within(1e-4));
        // CPU on the heap: 100 rows/s * 1000 ns + 99.7529 fires/s each looking up 1 accumulator at 50 ns =
        // 104987.6 ns/s.
        assertThat(heap.cpuCores()).isCloseTo(1.049876e-4, within(1e-10));
        // On RocksDB a row updates 6 accumulators: 100 * (1000 + 6 * 1000) + 99.7529 * 2000 = 899505.7 ns/s.
        assertThat(single(hop.get(), hints, StateBackend.ROCKSDB).cpuCores()).isCloseTo(8.995057e-4, within(1e-10));
    }

    @Test
    void aWindowJoinBuffersBothSidesUntilTheWindowEnds() {
        // TUMBLE 10 s, 2 s late, 200 join keys. Left 100 rows/s: 200 keys per window (min(200, 1000)), (10 + 2) / 10 =
        // 1.2 windows live per key: 240 lists; 100 * 12 = 1200 rows of 8 key + 8 window + 10 + 32 = 58 B = 69600 B.
        // Right 50 rows/s: 240 lists, 50 * 12 = 600 rows of 8 + 8 + 20 + 32 = 68 B = 40800 B.
        // Timers: 240 of 8 + 8 + 8 + 32 = 56 B = 13440 B. 2040 entries, 123840 B.
        // Per window 1000 left and 500 right rows over 200 keys: 1000 * 500 / 200 = 2500 pairs every 10 s = 250 rows/s.
        OperatorEstimate join = twoSided(
                OperatorNode.builder(2, OperatorKind.WINDOW_JOIN)
                        .window(WindowShape.tumble(Duration.ofSeconds(10)))
                        .keys(List.of(LEFT_USER)),
                Duration.ofSeconds(2),
                StateBackend.HEAP);
        assertThat(join.stateEntries()).isEqualTo(2040);
        assertThat(join.stateBytes()).isEqualTo(123_840);
        assertThat(join.outputRate()).isCloseTo(250, within(1e-9));
    }

    @Test
    void windowTopNKeepsEveryFlushsRowsThatMayRank() {
        // TUMBLE 60 s, 100 rows/s, 50 keys, top 3, no lateness: 50 keys per window, 1 window live, 6000 / 50 = 120
        // rows per key and window. Without checkpoints the buffer flushes once a window (at its end): one flush of
        // 120 rows adds 3 + 117 * 3 / 4 = 90.75 rows (a row beats the worst of the first 3 with chance 3/4). Over its
        // life a window holds on average (30 + 0) / 60 = 1/2 of them: 50 * 90.75 / 2 = 2268.75 rows of
        // 8 + 8 + 100 + 32 = 148 B = 335775 B, and 50 timers of 56 B = 2800 B: 2318.75 entries (2319), 338575 B.
        // Output 50 keys * 3 rows per 60 s = 2.5 rows/s.
        Supplier<OperatorNode.Builder> topN = () -> OperatorNode.builder(1, OperatorKind.WINDOW_RANK)
                .window(WindowShape.tumble(Duration.ofSeconds(60)))
                .keys(List.of(USER))
                .rankLimit(3);
        SourceHints hints = new SourceHints(100.0, null, Map.of("user_id", 50L), Duration.ZERO);
        OperatorEstimate once = single(topN.get(), hints, StateBackend.HEAP);
        assertThat(once.stateEntries()).isEqualTo(2319);
        assertThat(once.stateBytes()).isEqualTo(338_575);
        assertThat(once.outputRate()).isCloseTo(2.5, within(1e-9));
        // A checkpoint every 10 s flushes too: a flush every 1 / (1/10 + 1/60) = 8.5714 s, 60 / 8.5714 = 7 flushes
        // of 120 / 7 = 17.142857 rows, each adding 3 + 14.142857 * 3 / 4 = 13.607143: 95.25 rows per key and window;
        // 50 * 95.25 / 2 = 2381.25 rows of 148 B = 352425 B + 2800 B = 355225 B in 2431.25 entries (2431).
        OperatorEstimate checkpointed = OneInputJob.estimate(
                        model, topN.get(), hints, StateBackend.HEAP, Duration.ofSeconds(10))
                .operators()
                .get(1);
        assertThat(checkpointed.stateEntries()).isEqualTo(2431);
        assertThat(checkpointed.stateBytes()).isEqualTo(355_225);
        // Each flush reads and writes back the list of every row it adds: 2 * 90.75 / 120 = 1.5125 accesses per row.
        // On RocksDB: 100 * (1000 + 1.5125 * 1000) ns/s = 2.5125e-4 cores.
        assertThat(single(topN.get(), hints, StateBackend.ROCKSDB).cpuCores()).isCloseTo(2.5125e-4, within(1e-10));
    }

    @Test
    void windowDeduplicationKeepsOneRowPerKeyAndWindow() {
        // HOP 60 s / 30 s, 100 rows/s, 50 keys: 50 keys per window, 60 / 30 = 2 windows live per key: 100 rows of
        // 8 + 8 + 100 + 32 = 148 B = 14800 B and 100 timers of 56 B = 5600 B: 200 entries, 20400 B.
        // Output 50 rows every 30 s = 1.667 rows/s.
        OperatorEstimate dedup = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_DEDUPLICATE)
                        .window(WindowShape.hop(Duration.ofSeconds(60), Duration.ofSeconds(30)))
                        .keys(List.of(USER)),
                new SourceHints(100.0, null, Map.of("user_id", 50L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(dedup.stateEntries()).isEqualTo(200);
        assertThat(dedup.stateBytes()).isEqualTo(20_400);
        assertThat(dedup.outputRate()).isCloseTo(50 / 30.0, within(1e-9));
    }

    @Test
    void overAggregationsKeepTheirFramesRowsAndAnAccumulatorPerKey() {
        SourceHints hints = new SourceHints(10.0, null, Map.of("user_id", 100L), Duration.ofSeconds(2));
        // ROWS 5 PRECEDING in event time, 10 rows/s, 100 keys, 2 s late, no TTL (3600 s horizon: 36000 rows, 360 per
        // key). 10 * 2 = 20 rows wait for the watermark, 100 * min(5 + 1, 360) = 600 rows of frames: 620 rows of 8 key
        // + 8 time + 100 + 32 = 148 B = 91760 B; accumulators 100 of 8 + 16 + 32 = 56 B = 5600 B; times 100 of
        // 8 + 8 + 32 = 48 B = 4800 B. 820 entries, 102160 B, one row out per row in.
        OperatorEstimate rows = single(
                OperatorNode.builder(1, OperatorKind.OVER_AGGREGATE)
                        .over(new OverFrame(OverFrame.Unit.ROWS, 5))
                        .orderByRowtime(true)
                        .keys(List.of(USER))
                        .aggregates(1),
                hints,
                StateBackend.HEAP);
        assertThat(rows.stateEntries()).isEqualTo(820);
        assertThat(rows.stateBytes()).isEqualTo(102_160);
        assertThat(rows.outputRate()).isCloseTo(10, within(1e-9));
        assertThat(rows.unboundedState()).isFalse();
        // RANGE 30 s in processing time: nothing waits, 10 * 30 = 300 rows of 148 B = 44400 B, + 5600 + 4800 =
        // 54800 B in 500 entries.
        OperatorEstimate range = single(
                OperatorNode.builder(1, OperatorKind.OVER_AGGREGATE)
                        .over(new OverFrame(OverFrame.Unit.RANGE, 30_000))
                        .keys(List.of(USER))
                        .aggregates(1),
                hints,
                StateBackend.HEAP);
        assertThat(range.stateEntries()).isEqualTo(500);
        assertThat(range.stateBytes()).isEqualTo(54_800);
        // UNBOUNDED PRECEDING without a key count or TTL: 1000 default keys, an accumulator (56 B) and a time (48 B)
        // each = 104000 B, and the keys keep coming: unbounded.
        OperatorEstimate unbounded = single(
                OperatorNode.builder(1, OperatorKind.OVER_AGGREGATE)
                        .over(new OverFrame(OverFrame.Unit.UNBOUNDED, 0))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(10.0, null, Map.of(), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(unbounded.stateBytes()).isEqualTo(104_000);
        assertThat(unbounded.unboundedState()).isTrue();
    }

    @Test
    void aBoundedOverFrameScansItsKeysBufferedRowsForEveryRowAndRewritesThemOnRocksDb() {
        // ROWS 5 PRECEDING in event time, 10 rows/s, 100 keys, 2 s late (as above): 620 buffered rows, 6.2 per key.
        // Per row 10 point accesses, one iteration over the key's times (RocksDB 25 accesses, heap 1) and 0.1 access
        // per time it passes: RocksDB 10 + 25 + 0.62 = 35.62 accesses of 1000 ns, 10 * (1000 + 35620) ns/s =
        // 3.662e-4 cores; on the heap (0 ns an access) 10 * 1000 ns/s = 1e-5 cores.
        Supplier<OperatorNode.Builder> rows = () -> OperatorNode.builder(1, OperatorKind.OVER_AGGREGATE)
                .over(new OverFrame(OverFrame.Unit.ROWS, 5))
                .orderByRowtime(true)
                .keys(List.of(USER))
                .aggregates(1);
        SourceHints hints = new SourceHints(10.0, null, Map.of("user_id", 100L), Duration.ofSeconds(2));
        Estimate rocksDb = OneInputJob.estimate(model, rows.get(), hints, StateBackend.ROCKSDB, Duration.ofSeconds(10));
        assertThat(rocksDb.operators().get(1).cpuCores()).isCloseTo(3.662e-4, within(1e-10));
        assertThat(single(rows.get(), hints, StateBackend.HEAP).cpuCores()).isCloseTo(1e-5, within(1e-12));
        // Checkpoint on RocksDB, every 10 s: the live state serialized, the rows' maps 100 * (8 + 4) + 620 * 108 =
        // 68160 B, accumulators 100 * (24 + 4) = 2800 B, times 100 * (16 + 4) = 2000 B: 72960 B * 0.5 (the backend's
        // factor: OVER does not borrow RANK's) = 36480 B; and what an interval rewrites, 10 rows/s * 10 s * (3 * 8 +
        // 2 * 8 + 100 + 16) = 15600 B * 0.5 = 7800 B: 44280 B.
        assertThat(rocksDb.totals().checkpointBytes()).isEqualTo(44_280);
    }

    @Test
    void aTemporalJoinKeepsVersionsPerKeyAndInEventTimeTheRowsWaitingForTheWatermark() {
        // Left 100 rows/s, right (the versioned table) 5 rows/s, 2 s late, 200 keys: 200 versions valid + 5 * 2 = 10
        // newer = 210 of 8 + 8 + 20 + 32 = 68 B = 14280 B; 100 * 2 = 200 left rows waiting of 8 + 8 + 10 + 32 = 58 B =
        // 11600 B; 200 timers of 8 + 8 + 32 = 48 B = 9600 B. 610 entries, 35480 B; every left row out: 100 rows/s.
        OperatorEstimate eventTime = twoSided(
                OperatorNode.builder(2, OperatorKind.TEMPORAL_JOIN)
                        .orderByRowtime(true)
                        .keys(List.of(LEFT_USER)),
                Duration.ofSeconds(2),
                StateBackend.HEAP);
        assertThat(eventTime.stateEntries()).isEqualTo(610);
        assertThat(eventTime.stateBytes()).isEqualTo(35_480);
        assertThat(eventTime.outputRate()).isCloseTo(100, within(1e-9));
        // Processing time: the latest right row per key, 200 of 8 + 20 + 32 = 60 B = 12000 B.
        OperatorEstimate processingTime = twoSided(
                OperatorNode.builder(2, OperatorKind.TEMPORAL_JOIN).keys(List.of(LEFT_USER)),
                Duration.ofSeconds(2),
                StateBackend.HEAP);
        assertThat(processingTime.stateEntries()).isEqualTo(200);
        assertThat(processingTime.stateBytes()).isEqualTo(12_000);
    }

    @Test
    void matchRecognizeKeepsOnlyThePartialMatchesStrictContiguityLeavesAlive() {
        // 100 rows/s, 50 keys, 2 s late, WITHIN 30 s, PATTERN (A B): 200 rows queued for the watermark, each
        // 8 key + 8 time + 100 + 32 = 148 B = 29600 B, with a timer per key and time, 200 of 8 + 8 + 32 = 48 B =
        // 9600 B. A partial match (A B) lives until its key's next row: at most 2 - 1 = 1 row per key in the shared
        // buffer, 50 rows of 148 B = 7400 B and 50 nodes of 8 + 32 + 32 = 72 B = 3600 B; 50 NFA states of
        // 8 + 32 + 32 = 72 B = 3600 B. 550 entries, 53800 B; at most 100 / 2 = 50 matches/s.
        SourceHints hints = new SourceHints(100.0, null, Map.of("user_id", 50L), Duration.ofSeconds(2));
        Supplier<OperatorNode.Builder> match = () ->
                OperatorNode.builder(1, OperatorKind.MATCH).orderByRowtime(true).keys(List.of(USER));
        OperatorEstimate pair =
                single(match.get().pattern(new MatchPattern(2, Duration.ofSeconds(30), 2)), hints, StateBackend.HEAP);
        assertThat(pair.stateEntries()).isEqualTo(550);
        assertThat(pair.stateBytes()).isEqualTo(53_800);
        assertThat(pair.outputRate()).isCloseTo(50, within(1e-9));
        assertThat(pair.unboundedState()).isFalse();
        // PATTERN (A B+ C) style, 2 variables with a loop: 2 - 1 rows and, a row continuing the loop with the default
        // selectivity 0.5, 0.5 / (1 - 0.5) = 1 more: 2 per key, 100 rows (14800 B) and 100 nodes (7200 B):
        // 29600 + 9600 + 14800 + 7200 + 3600 = 64800 B in 650 entries, the selectivity flagged.
        OperatorEstimate loop = single(
                match.get().pattern(new MatchPattern(2, Duration.ofSeconds(30), null)), hints, StateBackend.HEAP);
        assertThat(loop.stateEntries()).isEqualTo(650);
        assertThat(loop.stateBytes()).isEqualTo(64_800);
        assertThat(loop.unboundedState()).isFalse();
        assertThat(loop.assumptions()).anyMatch(a -> a.flagged() && a.text().contains("looping quantifier"));
        // Without WITHIN a looping partial match may wait forever.
        OperatorEstimate open = single(match.get().pattern(new MatchPattern(2, null, null)), hints, StateBackend.HEAP);
        assertThat(open.unboundedState()).isTrue();
        assertThat(open.assumptions()).anyMatch(a -> a.flagged() && a.text().contains("without WITHIN"));
    }

    @Test
    void aLookupJoinPassesItsRowsOnAndSaysWhatItLeavesOut() {
        // 100 rows/s * 1000 ns (it costs like a regular join per record, without state) = 0.0001 cores; no state.
        OperatorEstimate lookup = single(
                OperatorNode.builder(1, OperatorKind.LOOKUP_JOIN).name("LookupJoin#1 customers"),
                new SourceHints(100.0, null, Map.of(), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(lookup.outputRate()).isCloseTo(100, within(1e-9));
        assertThat(lookup.stateBytes()).isZero();
        assertThat(lookup.cpuCores()).isCloseTo(1e-4, within(1e-12));
        assertThat(lookup.assumptions()).anyMatch(a -> a.flagged() && a.about().equals("LookupJoin#1 customers"));
    }

    @Test
    void aUnionAddsItsInputsAndAnUnknownOperatorPassesRowsOnFlagged() {
        // 100 + 50 rows/s from l and r.
        OperatorEstimate union =
                twoSided(OperatorNode.builder(2, OperatorKind.UNION), Duration.ZERO, StateBackend.HEAP);
        assertThat(union.outputRate()).isCloseTo(150, within(1e-9));
        assertThat(union.stateBytes()).isZero();
        OperatorEstimate unknown = single(
                OperatorNode.builder(1, OperatorKind.OTHER).name("TemporalSort#1"),
                new SourceHints(100.0, null, Map.of(), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(unknown.outputRate()).isCloseTo(100, within(1e-9));
        assertThat(unknown.assumptions())
                .filteredOn(Assumption::flagged)
                .anyMatch(a -> a.about().equals("TemporalSort#1") && a.text().contains("stateless pass-through"));
    }

    @Test
    void anOperatorWhoseFormulaDoesNotFitItsPlanPassesRowsOnFlagged() {
        // A window join fed by one input only (no plan Flink makes today): its formula cannot read a right side.
        OperatorEstimate join = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_JOIN)
                        .name("WindowJoin#1")
                        .window(WindowShape.tumble(Duration.ofSeconds(10))),
                new SourceHints(100.0, null, Map.of(), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(join.outputRate()).isCloseTo(100, within(1e-9));
        assertThat(join.stateBytes()).isZero();
        assertThat(join.assumptions())
                .filteredOn(Assumption::flagged)
                .anyMatch(a -> a.about().equals("WindowJoin#1") && a.text().contains("stateless pass-through"));
    }

    /** The estimate of {@code operator} (id 1) fed by the source {@code events} (id 0, 100-byte rows). */
    private OperatorEstimate single(OperatorNode.Builder operator, SourceHints hints, StateBackend backend) {
        return OneInputJob.estimate(model, operator, hints, backend, null)
                .operators()
                .get(1);
    }

    /**
     * The estimate of a two-input operator (id 2) fed by {@code l} (id 0, 100 rows/s of 10 bytes, 200 distinct
     * user_id) and {@code r} (id 1, 50 rows/s of 20 bytes; 5 rows/s for a temporal join's versioned table).
     */
    private OperatorEstimate twoSided(OperatorNode.Builder operator, Duration late, StateBackend backend) {
        double rightRate = operator.build().kind() == OperatorKind.TEMPORAL_JOIN ? 5 : 50;
        Estimate estimate = model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(new SourceInfo("l", null, Map.of(), null, 10))
                                        .rowBytes(10)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.SOURCE)
                                        .source(new SourceInfo("r", null, Map.of(), null, 20))
                                        .rowBytes(20)
                                        .build(),
                                operator.input(0).input(1).build()),
                        backend),
                Map.of(
                        "l",
                        new SourceHints(100.0, null, Map.of("user_id", 200L), late),
                        "r",
                        new SourceHints(rightRate, null, Map.of(), late)));
        return estimate.operators().get(2);
    }
}
