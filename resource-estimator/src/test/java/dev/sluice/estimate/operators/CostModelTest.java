package dev.sluice.estimate.operators;

import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.IntervalBounds;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.OperatorNode;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import dev.sluice.estimate.model.WindowShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each operator kind's formulas against values computed by hand (in the comments) with the round constants of
 * {@link #PROFILE}: 1000 ns per record for every kind, state access 0 ns on the heap and 1000 ns on RocksDB (an
 * interval join's 5000 ns on RocksDB), entry overhead 32 bytes on the heap and 16 on RocksDB, 16-byte accumulators,
 * checkpoint bytes per serialized state byte 1 on the heap and 0.5 on RocksDB (a deduplication's 0.25 on the heap),
 * checkpoint framing 0 bytes per entry on the heap and 4 on RocksDB, window fires 50 ns per state looked up and
 * 100 ns per distinct value on the heap (2000 and 1000 on RocksDB), rewritten entries checkpointed at 0.5 bytes per
 * byte on RocksDB, a fixed 0.01 cores per job, target utilization 0.5, horizon 3600 s, 1000000 B of heap state per
 * slot before RocksDB is advised, and a JVM spending as much again as the task threads.
 */
class CostModelTest {

    static final CostProfile PROFILE = profile();
    private static final KeyRef USER = new KeyRef("events", "user_id");
    private static final KeyRef ITEM = new KeyRef("events", "item_id");

    private final CostModel model = new CostModel(PROFILE);

    @Test
    void hopOneHourByOneMinuteKeepsSixtySlicesPerKeyWithTheirDistinctSets() {
        // 100 rows/s, 50 users, 1000 items. slice 60 s, size 3600 s: 59 closed slices per key and the open one.
        // A slice's 6000 rows draw 50 * (1 - (49/50)^6000) = 50 users; the open slice holds on average
        // 50 * (1 - (1 - (49/50)^6000) / (-6000 ln(49/50))) = 49.5875 of them. accumulators = 50 * 59 + 49.5875 =
        // 2999.5875, each 8 key + 8 slice + 16 acc + 32 = 64 B.
        // timers: every user with rows in a window not fired chains its next window end: 50 users over 3570 s, 56 B.
        // (user, item) pairs: a slice's 6000 rows draw 50000 * (1 - (1 - 1/50000)^6000) = 5654.0314 of the 50000,
        // the open slice 50000 * (1 - 0.1130806 / 0.1200012) = 2883.7493; set entries = 59 * 5654.0314 + 2883.7493 =
        // 336471.394, each 8 key + 8 slice + 17 value/null flag/count + 32 = 65 B.
        // bytes = 2999.5875 * 64 + 50 * 56 + 336471.394 * 65 = 191973.6 + 2800 + 21870640.6 = 22065414;
        // output = 50 users seen in the hour / 60 = 0.8333 rows/s.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.hop(Duration.ofHours(1), Duration.ofMinutes(1)))
                        .keys(List.of(USER))
                        .aggregates(1)
                        .distinctArguments(List.of(ITEM)),
                new SourceHints(100.0, null, Map.of("user_id", 50L, "item_id", 1000L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(339_521);
        assertThat(window.stateBytes()).isEqualTo(22_065_414);
        assertThat(window.outputRate()).isCloseTo(0.8333, within(1e-3));
        // Each minute every key's window looks up 60 slices' accumulator and item set, 50 * 60 * 2 / 60 = 100 states/s,
        // and every slice's pairs are merged once per window using it: 5654.0314 * 60 / 60 = 5654.0314 values/s.
        // 100 rows/s * 1000 ns + 100 * 50 ns + 5654.0314 * 100 ns = 670403.1 ns/s.
        assertThat(window.cpuCores()).isCloseTo(6.704031e-4, within(1e-9));
    }

    @Test
    void aHopSliceHoldsOnlyTheKeysItsRowsDrewAndTheOpenSliceHalfFills() {
        // 5000 rows/s over 10000 keys, HOP 10 s / 2 s, COUNT(*): a 2 s slice's 10000 rows draw
        // 10000 * (1 - 0.9999^10000) = 6321.3895 keys; the open slice holds on average
        // 10000 * (1 - 0.6321390 / 1.0000500) = 3678.9265. 4 closed slices: accumulators = 4 * 6321.3895 + 3678.9265
        // = 28964.48 of 8 + 8 + 16 + 32 = 64 B (one COUNT each, not a row per event nor one per window).
        // timers: keys with rows in the 9 s of windows not fired, 10000 * (1 - 0.9999^45000) = 9888.94 of 56 B.
        // 38853.4 entries, 28964.48 * 64 + 9888.94 * 56 = 2407507 B (a key per row and one accumulator per window
        // would be 10000 keys * 5 windows and 10000 timers: 60000 entries, 3760000 B, 1.56 times as much).
        // output = keys of a 10 s window, 10000 * (1 - 0.9999^50000) = 9932.64, every 2 s: 4966.32 rows/s.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.hop(Duration.ofSeconds(10), Duration.ofSeconds(2)))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(5000.0, null, Map.of("user_id", 10_000L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(38_853);
        assertThat(window.stateBytes()).isEqualTo(2_407_507);
        assertThat(window.outputRate()).isCloseTo(4966.32, within(1e-2));
    }

    @Test
    void aGroupByWithoutAggregatesKeepsAnEmptyAccumulatorPerKeySeen() {
        // 5000 rows/s over 1000000 keys, TUMBLE 10 s, GROUP BY key and window only: keys rarely repeat, so the open
        // window holds on average 1000000 * (1 - 0.0487706 / 0.0500000) = 24588.50 keys, about half its 50000 rows,
        // each an empty accumulator row (8 B null-bit header) of 8 + 8 + 8 + 32 = 56 B and a timer of 56 B:
        // 49177.0 entries, 24588.50 * 112 = 2753912 B.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.tumble(Duration.ofSeconds(10)))
                        .keys(List.of(USER))
                        .aggregates(0),
                new SourceHints(5000.0, null, Map.of("user_id", 1_000_000L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(49_177);
        assertThat(window.stateBytes()).isEqualTo(2_753_912);
    }

    @Test
    void tumbleHoldsTheNextWindowWhileOutOfOrderEventsCanStillArrive() {
        // 10 rows/s, 1000 users, TUMBLE 1 min, 30 s out-of-orderness, 2 aggregates.
        // A window's 600 rows draw 1000 * (1 - 0.999^600) = 451.3531 users (not 600: some come back); the open window
        // holds on average 1000 * (1 - 0.4513531 / 0.6003002) = 248.1210. Closed slices kept for the
        // out-of-orderness: 30 / 60 = 0.5. accumulators = 0.5 * 451.3531 + 248.1210 = 473.7976, each
        // 8 + 8 + 2 * 16 + 32 = 80 B; timers as many, of 8 + 8 + 8 + 32 = 56 B: 947.6 entries,
        // 473.7976 * 136 = 64436.5 B. output = 451.3531 / 60 = 7.5226 rows/s.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.tumble(Duration.ofMinutes(1)))
                        .keys(List.of(USER))
                        .aggregates(2),
                new SourceHints(10.0, null, Map.of("user_id", 1000L), Duration.ofSeconds(30)),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(948);
        assertThat(window.stateBytes()).isEqualTo(64_436);
        assertThat(window.outputRate()).isCloseTo(7.52255, within(1e-5));
    }

    @Test
    void sessionKeepsItsMergingSetAccumulatorAndTimerPerKeyActiveWithinTheGap() {
        // 100 rows/s, 5000 users, gap 10 s: active keys = 5000 * (1 - (1 - 1/5000)^1000) = 906.4281, each with
        // a merging-set entry 8 key + 16 window + 16 state window + 32 = 72 B, an accumulator 8 + 16 window + 16 + 32 =
        // 72 B
        // and a timer 8 + 16 window + 8 time + 32 = 64 B: 2719.3 entries, 906.4281 * 208 = 188537 B.
        // output = min(100, 906.4281 / 10) = 90.6428 rows/s.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.session(Duration.ofSeconds(10)))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(100.0, null, Map.of("user_id", 5000L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(2719);
        assertThat(window.stateBytes()).isEqualTo(188_537);
        assertThat(window.outputRate()).isCloseTo(90.6428, within(1e-4));
        // CPU on RocksDB: 100 rows/s * (1000 + 6 accesses * 1000) ns + fires of 906.4281 sessions / 10 s, each looking
        // up 1 accumulator at 2000 ns = 700000 + 181285.6 ns/s.
        OperatorEstimate rocks = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.session(Duration.ofSeconds(10)))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(100.0, null, Map.of("user_id", 5000L), Duration.ZERO),
                StateBackend.ROCKSDB);
        assertThat(rocks.cpuCores()).isCloseTo(8.812856e-4, within(1e-10));
    }

    @Test
    void aSessionsRewrittenEntriesAddToAnIncrementalRocksDbCheckpoint() {
        // As above on RocksDB, checkpoints every 10 s: 906.4281 active keys. Live state serialized: merging set maps of
        // 8 key + 4 framing and entries of 32 B, accumulators 8 + 16 + 16 + 4, timers 8 + 16 + 8 + 4: 124 B per key,
        // 112397.1 B, at 0.5 = 56198.5 B.
        // Rewritten in 10 s: 1000 records each replacing a merging-set entry and a timer, 2 * 8 + 3 * 16 + 8 = 72 B,
        // and min(906.4281, 1000) accumulators of 8 + 16 + 16 = 40 B: 72000 + 36257.1 B, at 0.5 = 54128.6 B.
        OperatorNode.Builder session = OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                .window(WindowShape.session(Duration.ofSeconds(10)))
                .keys(List.of(USER))
                .aggregates(1);
        SourceHints hints = new SourceHints(100.0, null, Map.of("user_id", 5000L), Duration.ZERO);
        assertThat(job(session, hints, StateBackend.ROCKSDB, Duration.ofSeconds(10))
                        .totals()
                        .checkpointBytes())
                .isEqualTo(110_327);
        // Without checkpoints nothing is counted as rewritten; on the heap a snapshot holds the live state only.
        assertThat(job(session, hints, StateBackend.ROCKSDB, null).totals().checkpointBytes())
                .isEqualTo(56_199);
        assertThat(job(session, hints, StateBackend.HEAP, Duration.ofSeconds(10))
                        .totals()
                        .checkpointBytes())
                .isEqualTo(job(session, hints, StateBackend.HEAP, null).totals().checkpointBytes());
    }

    @Test
    void aGlobalWindowAggregateProcessesThePartialAccumulatorsOfItsLocalHalf() {
        // 10000 rows/s over 1000 users, TUMBLE 1 min, checkpoints every 2 s: the local half flushes at each slice end
        // and checkpoint, every 1 / (1 / 60 + 1 / 2) = 1.9355 s, whose 19355 rows draw all 1000 users: it sends
        // 1000 / 1.9355 = 516.67 records/s.
        // The global window: 516.67 * (1000 + 1 access * 0) ns + fires of 1000 keys / 60 s * 1 accumulator * 50 ns
        // = 516667 + 833 ns/s. Its state follows the rows: the open window holds on average
        // 1000 * (1 - 1 / (600000 * 0.0010005)) = 998.33 users, an accumulator and a timer each.
        SourceInfo source = new SourceInfo("events", null, Map.of(), null, 100);
        WindowShape tumble = WindowShape.tumble(Duration.ofMinutes(1));
        Estimate estimate = model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(source)
                                        .rowBytes(100)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.LOCAL_AGGREGATE)
                                        .input(0)
                                        .window(tumble)
                                        .keys(List.of(USER))
                                        .build(),
                                OperatorNode.builder(2, OperatorKind.WINDOW_AGGREGATE)
                                        .input(1)
                                        .window(tumble)
                                        .keys(List.of(USER))
                                        .aggregates(1)
                                        .build()),
                        StateBackend.HEAP,
                        Duration.ofSeconds(2)),
                Map.of("events", new SourceHints(10_000.0, null, Map.of("user_id", 1000L), Duration.ZERO)));
        OperatorEstimate local = estimate.operators().get(1);
        OperatorEstimate global = estimate.operators().get(2);
        assertThat(local.inputRate()).isEqualTo(10_000);
        assertThat(local.outputRate()).isCloseTo(516.667, within(1e-3));
        assertThat(global.inputRate()).isCloseTo(516.667, within(1e-3));
        assertThat(global.cpuCores()).isCloseTo((516_666.67 + 833.33) / 1e9, within(1e-9));
        assertThat(global.stateEntries()).isEqualTo(1997);
        // Without checkpoints it flushes at slice ends only: 1000 / 60 records/s.
        Estimate unchecked = model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(source)
                                        .rowBytes(100)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.LOCAL_AGGREGATE)
                                        .input(0)
                                        .window(tumble)
                                        .keys(List.of(USER))
                                        .build()),
                        StateBackend.HEAP),
                Map.of("events", new SourceHints(10_000.0, null, Map.of("user_id", 1000L), Duration.ZERO)));
        assertThat(unchecked.operators().get(1).outputRate()).isCloseTo(1000.0 / 60, within(1e-9));
    }

    @Test
    void cumulateKeepsOneSlicePerStep() {
        // 1 row/s, 10 users, CUMULATE 1 h step 10 min: 6 steps; every step's 600 rows draw all 10 users. The steps
        // before the open one are, on average over the hour, (6 - 1) / 2 = 2.5 (all freed when the hour fires); the
        // open step holds 10 * (1 - 1 / (600 * 0.1053605)) = 9.8418 users on average. 34.8418 accumulators of 64 B
        // = 2229.9 B, 10 timers of 56 B = 560 B: 44.8 entries, 2789.9 B. output = 10 / 600 = 0.01667 rows/s.
        OperatorEstimate window = single(
                OperatorNode.builder(1, OperatorKind.WINDOW_AGGREGATE)
                        .window(WindowShape.cumulate(Duration.ofHours(1), Duration.ofMinutes(10)))
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(1.0, null, Map.of("user_id", 10L), Duration.ZERO),
                StateBackend.HEAP);
        assertThat(window.stateEntries()).isEqualTo(45);
        assertThat(window.stateBytes()).isEqualTo(2790);
        assertThat(window.outputRate()).isCloseTo(10.0 / 600, within(1e-9));
    }

    @Test
    void groupAggregateIsBoundedByTheKeyCountOrTheTtlAndFlaggedWithoutEither() {
        OperatorNode.Builder aggregate = OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                .keys(List.of(USER))
                .aggregates(2);
        // 500 users hinted, no TTL: min(500, 100 * 3600) = 500 keys of 8 key + 8 count + 2 * 16 + 32 = 80 B -> 40000 B.
        OperatorEstimate hinted =
                single(aggregate, new SourceHints(100.0, null, Map.of("user_id", 500L), null), StateBackend.HEAP);
        assertThat(hinted.stateBytes()).isEqualTo(40_000);
        assertThat(hinted.unboundedState()).isFalse();
        assertThat(hinted.outputRate()).isEqualTo(100);
        // No key count and no TTL: the default 1000 keys, and flagged as growing.
        OperatorEstimate guessed = single(aggregate, new SourceHints(100.0, null, Map.of(), null), StateBackend.HEAP);
        assertThat(guessed.stateEntries()).isEqualTo(1000);
        assertThat(guessed.unboundedState()).isTrue();
        assertThat(guessed.assumptions()).anyMatch(a -> a.flagged() && a.about().equals("events.user_id.distinctKeys"));
        // TTL 1 s: only keys seen in the last second, min(500, 100 * 1) = 100.
        OperatorEstimate withTtl = single(
                OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                        .keys(List.of(USER))
                        .aggregates(2)
                        .stateTtl(Duration.ofSeconds(1)),
                new SourceHints(100.0, null, Map.of("user_id", 500L), null),
                StateBackend.HEAP);
        assertThat(withTtl.stateEntries()).isEqualTo(100);
        assertThat(withTtl.unboundedState()).isFalse();
    }

    @Test
    void countDistinctInAGroupAggregateKeepsTheValuesSeenPerKey() {
        // 500 users, 20 items, no TTL: rows per key = 100 * 3600 / 500 = 720, items per key = min(20, 720) = 20.
        // 500 accumulators of 8 + 8 + 0 + 32 = 48 B = 24000 B; 10000 set entries of 8 + 16 + 32 = 56 B = 560000 B.
        OperatorEstimate distinct = single(
                OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                        .keys(List.of(USER))
                        .distinctArguments(List.of(ITEM)),
                new SourceHints(100.0, null, Map.of("user_id", 500L, "item_id", 20L), null),
                StateBackend.HEAP);
        assertThat(distinct.stateEntries()).isEqualTo(10_500);
        assertThat(distinct.stateBytes()).isEqualTo(584_000);
    }

    @Test
    void regularJoinKeepsBothSidesForTheTtlOrFlagsThemUnbounded() {
        // left 10 rows/s of 100 B, right 20 rows/s of 50 B, TTL 60 s, 100 join keys.
        // left rows 600 * (8 key + 100 + 8 count + 32) = 600 * 148 = 88800; right 1200 * 98 = 117600; total 206400.
        // output = 10 * 1200 / 100 + 20 * 600 / 100 = 120 + 120 = 240 rows/s.
        OperatorEstimate join = twoSided(
                OperatorNode.builder(2, OperatorKind.REGULAR_JOIN)
                        .keys(List.of(new KeyRef("l", "k")))
                        .stateTtl(Duration.ofSeconds(60)),
                10,
                100,
                20,
                50,
                Duration.ZERO,
                Map.of("k", 100L),
                StateBackend.HEAP);
        assertThat(join.stateEntries()).isEqualTo(1800);
        assertThat(join.stateBytes()).isEqualTo(206_400);
        assertThat(join.outputRate()).isCloseTo(240, within(1e-9));
        assertThat(join.unboundedState()).isFalse();
        OperatorEstimate noTtl = twoSided(
                OperatorNode.builder(2, OperatorKind.REGULAR_JOIN).keys(List.of(new KeyRef("l", "k"))),
                10,
                100,
                20,
                50,
                Duration.ZERO,
                Map.of("k", 100L),
                StateBackend.HEAP);
        assertThat(noTtl.unboundedState()).isTrue();
        // Sized after the 3600 s horizon: 36000 * 148 + 72000 * 98 = 5328000 + 7056000.
        assertThat(noTtl.stateBytes()).isEqualTo(12_384_000);
    }

    @Test
    void intervalJoinBuffersAreBoundedByTheBoundsAndTheOutOfOrderness() {
        // l.t BETWEEN r.t - 1 h AND r.t: lower -3600 s, upper 0, width 3600 s, cleanup adds width / 2 = 1800 s, late 10
        // s.
        // left kept 3600 + 1800 + 10 = 5410 s -> 10 * 5410 = 54100 rows of 8 + 8 + 100 + 32 = 148 B = 8006800 B.
        // right kept 0 + 1800 + 10 = 1810 s -> 5 * 1810 = 9050 rows of 8 + 8 + 50 + 32 = 98 B = 886900 B.
        // Each side's 1000 keys (min(1000, rows)) keep a cleanup timer and its value state, 8 key + 8 time + 32 = 48 B:
        // 2 * 2000 * 48 = 192000 B. 67150 entries, 8006800 + 886900 + 192000 = 9085700 B.
        // output = 10 * 5 * 3600 / 1000 keys = 180 rows/s.
        Supplier<OperatorNode.Builder> builder = () -> OperatorNode.builder(2, OperatorKind.INTERVAL_JOIN)
                .keys(List.of(new KeyRef("l", "k")))
                .interval(new IntervalBounds(-3_600_000, 0));
        OperatorEstimate join =
                twoSided(builder.get(), 10, 100, 5, 50, Duration.ofSeconds(10), Map.of("k", 1000L), StateBackend.HEAP);
        assertThat(join.stateEntries()).isEqualTo(67_150);
        assertThat(join.stateBytes()).isEqualTo(9_085_700);
        assertThat(join.outputRate()).isCloseTo(180, within(1e-9));
        // On RocksDB the interval join's own access cost: 15 rows/s * (1000 + 5000) ns = 0.00009 cores.
        OperatorEstimate rocks = twoSided(
                builder.get(), 10, 100, 5, 50, Duration.ofSeconds(10), Map.of("k", 1000L), StateBackend.ROCKSDB);
        assertThat(rocks.cpuCores()).isCloseTo(9e-5, within(1e-12));
    }

    @Test
    void deduplicationKeepsAFlagOrTheRowPerKey() {
        // 100 rows/s, 2000 keys, no TTL: 2000 entries. First row by processing time: 8 key + 1 flag + 32 = 41 B
        // -> 82000 B, output min(100, 2000 / 3600) = 0.5556 rows/s; its checkpoint 2000 * 9 B * 0.25 = 4500 B.
        // Last row (100 B rows): 8 + 100 + 32 = 140 B -> 280000 B, output 100. First row by event time keeps the row
        // too.
        SourceHints hints = new SourceHints(100.0, 100.0, Map.of("user_id", 2000L), null);
        Estimate firstJob = job(
                OperatorNode.builder(1, OperatorKind.DEDUPLICATE)
                        .keys(List.of(USER))
                        .rowBytes(100),
                hints,
                StateBackend.HEAP);
        OperatorEstimate first = firstJob.operators().get(1);
        assertThat(first.stateBytes()).isEqualTo(82_000);
        assertThat(first.outputRate()).isCloseTo(2000.0 / 3600, within(1e-9));
        assertThat(firstJob.totals().checkpointBytes()).isEqualTo(4500);
        OperatorEstimate byRowtime = single(
                OperatorNode.builder(1, OperatorKind.DEDUPLICATE)
                        .keys(List.of(USER))
                        .rowBytes(100)
                        .orderByRowtime(true),
                hints,
                StateBackend.HEAP);
        assertThat(byRowtime.stateBytes()).isEqualTo(280_000);
        OperatorEstimate last = single(
                OperatorNode.builder(1, OperatorKind.DEDUPLICATE)
                        .keys(List.of(USER))
                        .rowBytes(100)
                        .keepLastRow(true),
                hints,
                StateBackend.HEAP);
        assertThat(last.stateBytes()).isEqualTo(280_000);
        assertThat(last.outputRate()).isEqualTo(100);
    }

    @Test
    void topNKeepsNRowsPerPartition() {
        // 100 rows/s of 100 B, 10 partitions, top 3, no TTL: rows per key 36000, 3 kept -> 30 rows of 8 + 100 + 32 =
        // 140 B.
        // output = 100 * 3 / 36000 = 0.008333 rows/s.
        OperatorEstimate rank = single(
                OperatorNode.builder(1, OperatorKind.RANK)
                        .keys(List.of(USER))
                        .rankLimit(3)
                        .rowBytes(100),
                new SourceHints(100.0, 100.0, Map.of("user_id", 10L), null),
                StateBackend.HEAP);
        assertThat(rank.stateEntries()).isEqualTo(30);
        assertThat(rank.stateBytes()).isEqualTo(4200);
        assertThat(rank.outputRate()).isCloseTo(100.0 * 3 / 36000, within(1e-9));
    }

    @Test
    void sourcesTakeTheConnectorsRateAndFiltersADefaultSelectivityBothNamedAsAssumptions() {
        // datagen rows-per-second 5000, no hint; the filter keeps the default half: 2500 rows/s.
        SourceInfo datagen = new SourceInfo("events", 5000.0, Map.of(), null, 64);
        Estimate estimate = model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(datagen)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.CALC)
                                        .filter(true)
                                        .input(0)
                                        .build()),
                        StateBackend.HEAP),
                Map.of());
        assertThat(estimate.operators().get(1).outputRate()).isEqualTo(2500);
        assertThat(estimate.assumptions()).anyMatch(a -> a.about().equals("events.eventsPerSecond") && !a.flagged());
        assertThat(estimate.flagged()).anyMatch(a -> a.about().endsWith("selectivity"));
        // Without a connector rate: the profile's 1000 rows/s, flagged.
        SourceInfo unknown = new SourceInfo("events", null, Map.of(), null, 64);
        Estimate guessed = model.estimate(
                new PlanGraph(
                        List.of(OperatorNode.builder(0, OperatorKind.SOURCE)
                                .source(unknown)
                                .build()),
                        StateBackend.HEAP),
                Map.of());
        assertThat(guessed.operators().get(0).outputRate()).isEqualTo(1000);
        assertThat(guessed.flagged()).anyMatch(a -> a.about().equals("events.eventsPerSecond"));
    }

    @Test
    void totalsSizeParallelismMemoryAndCheckpointsPerBackend() {
        // source 600000 rows/s -> group aggregate (1000 keys, 1 aggregate) -> sink.
        // RocksDB: source 0.6 cores, aggregate 600000 * (1000 + 1000) ns = 1.2, sink 0.6: 2.4 + 0.01 fixed = 2.41
        // cores; each slot's share under 0.5: parallelism ceil(2.41 / 0.5) = 5, 5 slots. State 1000 * (8 + 8 + 16 +
        // 16) = 48000 B.
        // heap 1e6 + 5 * 1e5 = 1500000; managed max(5 * 1e6, 48000 * 0.5) = 5000000;
        // checkpoint: serialized 1000 * (8 + 8 + 16 + 4 per entry) = 36000 B * 0.5 = 18000 B in
        // 100 + 18000 / (1e6 * 5) * 1000 = 103.6, 104 ms.
        // The processes: the fixed 0.01 and the task threads' 2.4 cores with as much again for the JVM, 4.81 cores.
        Totals rocks = pipeline(StateBackend.ROCKSDB).totals();
        assertThat(rocks.cpuCores()).isCloseTo(2.41, within(1e-9));
        assertThat(rocks.processCpuCores()).isCloseTo(4.81, within(1e-9));
        assertThat(rocks)
                .isEqualTo(new Totals(
                        5,
                        5,
                        rocks.cpuCores(),
                        48_000,
                        1_500_000,
                        5_000_000,
                        18_000,
                        104,
                        false,
                        rocks.processCpuCores()));
        // Heap: aggregate 0.6 cores, 1.8 + 0.01 cores: parallelism ceil(1.81 / 0.5) = 4. State 1000 * 64 = 64000 B,
        // on the heap twice over: heap 1e6 + 4 * 1e5 + 64000 * 2 = 1528000; no managed memory; checkpoint
        // 32000 * 1 = 32000 B in 100 + 32000 / 4e6 * 1000 = 108 ms.
        Totals heap = pipeline(StateBackend.HEAP).totals();
        assertThat(heap.parallelism()).isEqualTo(4);
        assertThat(heap.cpuCores()).isCloseTo(1.81, within(1e-9));
        assertThat(heap.processCpuCores()).isCloseTo(0.01 + 2 * 1.8, within(1e-9));
        assertThat(heap)
                .isEqualTo(new Totals(
                        4, 4, heap.cpuCores(), 64_000, 1_528_000, 0, 32_000, 108, false, heap.processCpuCores()));
    }

    @Test
    void chainedOperatorsShareTheirSlotsCoreSoParallelismCountsThemTogether() {
        // source -> projection at 300000 rows/s, 1000 ns per record each: 0.3 cores apiece, under the target 0.5 on
        // its own (each operator's parallelism 1), but one slot runs both, 0.6 + 0.01 fixed = 0.61 cores:
        // parallelism ceil(0.61 / 0.5) = 2, each slot 0.305 cores.
        Estimate chained = chain(300_000);
        assertThat(chained.operators())
                .extracting(OperatorEstimate::parallelism)
                .containsExactly(1, 1);
        assertThat(chained.totals().cpuCores()).isCloseTo(0.61, within(1e-9));
        assertThat(chained.totals().parallelism()).isEqualTo(2);
        assertThat(chained.totals().taskSlots()).isEqualTo(2);
        // 240000 rows/s: 0.48 + 0.01 = 0.49 cores fit one slot under 0.5.
        assertThat(chain(240_000).totals().parallelism()).isEqualTo(1);
        // 600000 rows/s: 1.2 + 0.01 = 1.21 cores, ceil(2.42) = 3 slots (sized by the busiest operator, 0.6 cores: 2).
        assertThat(chain(600_000).totals().parallelism()).isEqualTo(3);
    }

    /** A source and a projection, chained, at {@code rate} rows/s. */
    private Estimate chain(double rate) {
        return job(
                OperatorNode.builder(1, OperatorKind.CALC),
                new SourceHints(rate, 100.0, Map.of(), null),
                StateBackend.HEAP);
    }

    @Test
    void stateTheHeapCannotHoldIsAdvisedOntoRocksDbAndEstimatedThere() {
        // 1000 rows/s over 100000 users, GROUP BY user_id with one aggregate, no TTL, a 3600 s horizon: 100000 keys
        // of 8 key + 8 count + 16 acc = 32 B. On the heap with 32 B overhead: 6400000 B, times the heap factor 2 in
        // one slot = 12800000 B, more than the 1000000 B a slot may give state: advice.
        OperatorNode.Builder aggregate = OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                .keys(List.of(USER))
                .aggregates(1);
        Estimate heap =
                job(aggregate, new SourceHints(1000.0, null, Map.of("user_id", 100_000L), null), StateBackend.HEAP);
        assertThat(heap.totals().heapBytes()).isEqualTo(1_000_000 + 100_000 + 2 * 6_400_000);
        assertThat(heap.advice()).isNotNull();
        assertThat(heap.advice().reasons())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("6.1 MiB", "12.2 MiB", "976.6 KiB", "RocksDB");
        // Under the advice, on RocksDB: 48 B per entry (16 B overhead), 4800000 B on disk; heap the base and one
        // slot, 1100000 B; managed memory max(1000000, 0.5 * 4800000) = 2400000 B; CPU 1000 rows/s * (1000 + 1000)
        // ns + the job's 0.01 cores. The query does not checkpoint: only the backend is set, and a full checkpoint
        // would write 100000 * (32 + 4) * 0.5 = 1800000 B in 100 + 1800 ms.
        assertThat(heap.advice().backend()).isEqualTo(StateBackend.ROCKSDB);
        assertThat(heap.advice().settings()).isEqualTo(Map.of("state.backend.type", "rocksdb"));
        assertThat(heap.advice().incrementalCheckpoints()).isFalse();
        assertThat(heap.advice().diskBytes()).isEqualTo(4_800_000);
        // The source's 1000 rows/s * 1000 ns and the aggregate's 0.002 cores: 0.003 + 0.01; its processes 0.01 + 2 *
        // 0.003.
        Totals advised = heap.advice().totals();
        assertThat(advised.cpuCores()).isCloseTo(0.013, within(1e-12));
        assertThat(advised.processCpuCores()).isCloseTo(0.016, within(1e-12));
        assertThat(advised)
                .isEqualTo(new Totals(
                        1,
                        1,
                        advised.cpuCores(),
                        4_800_000,
                        1_100_000,
                        2_400_000,
                        1_800_000,
                        1900,
                        false,
                        advised.processCpuCores()));
        // 100 users: 6400 B, 12800 B of heap per slot: nothing to advise.
        assertThat(job(aggregate, new SourceHints(1000.0, null, Map.of("user_id", 100L), null), StateBackend.HEAP)
                        .advice())
                .isNull();
    }

    @Test
    void checkpointsLongerThanTheirIntervalAreAdvisedIncrementalAndFurtherApart() {
        // As above on RocksDB, checkpointing every second: a checkpoint writes 1800000 B at 1000000 B/s per slot,
        // 100 + 1800 = 1900 ms > 1000 ms. An incremental one uploads what changed; a group aggregate's rewrites are
        // not modelled, so all of it: 1900 ms again, and the advised interval is 2 * 1900 ms rounded up to 4 s.
        Estimate rocks = job(
                OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                        .keys(List.of(USER))
                        .aggregates(1),
                new SourceHints(1000.0, null, Map.of("user_id", 100_000L), null),
                StateBackend.ROCKSDB,
                Duration.ofSeconds(1));
        assertThat(rocks.totals().checkpointMillis()).isEqualTo(1900);
        assertThat(rocks.advice()).isNotNull();
        assertThat(rocks.advice().reasons()).hasSize(2);
        assertThat(rocks.advice().reasons().get(0)).contains("1.7 MiB", "1.9 s", "976.6 KiB/s", "1.0 s");
        assertThat(rocks.advice().reasons().get(1)).contains("4 s");
        assertThat(rocks.advice().settings())
                .containsExactly(
                        Map.entry("state.backend.type", "rocksdb"),
                        Map.entry("execution.checkpointing.incremental", "true"),
                        Map.entry("execution.checkpointing.interval", "4 s"));
        assertThat(rocks.advice().incrementalCheckpoints()).isTrue();
        assertThat(rocks.advice().checkpointIntervalMillis()).isEqualTo(4000);
        assertThat(rocks.advice().totals().checkpointMillis()).isEqualTo(1900);
    }

    private Estimate pipeline(StateBackend backend) {
        SourceInfo source = new SourceInfo("events", null, Map.of(), null, 100);
        return model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(source)
                                        .rowBytes(100)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.GROUP_AGGREGATE)
                                        .input(0)
                                        .keys(List.of(USER))
                                        .aggregates(1)
                                        .build(),
                                OperatorNode.builder(2, OperatorKind.SINK)
                                        .input(1)
                                        .build()),
                        backend),
                Map.of("events", new SourceHints(600_000.0, 100.0, Map.of("user_id", 1000L), null)));
    }

    /** The estimate of {@code operator} (id 1) fed by the source {@code events} (id 0) with {@code hints}. */
    private OperatorEstimate single(OperatorNode.Builder operator, SourceHints hints, StateBackend backend) {
        return job(operator, hints, backend).operators().get(1);
    }

    /** The estimate of the job of {@link #single}. */
    private Estimate job(OperatorNode.Builder operator, SourceHints hints, StateBackend backend) {
        return job(operator, hints, backend, null);
    }

    /** As {@link #job(OperatorNode.Builder, SourceHints, StateBackend)}, checkpointing every {@code interval} (or not). */
    private Estimate job(OperatorNode.Builder operator, SourceHints hints, StateBackend backend, Duration interval) {
        return OneInputJob.estimate(model, operator, hints, backend, interval);
    }

    /** A join (id 2) of sources {@code l} (id 0) and {@code r} (id 1) with the given rates and row sizes. */
    private OperatorEstimate twoSided(
            OperatorNode.Builder join,
            double leftRate,
            double leftBytes,
            double rightRate,
            double rightBytes,
            Duration late,
            Map<String, Long> leftKeys,
            StateBackend backend) {
        Estimate estimate = model.estimate(
                new PlanGraph(
                        List.of(
                                OperatorNode.builder(0, OperatorKind.SOURCE)
                                        .source(new SourceInfo("l", null, Map.of(), null, 10))
                                        .rowBytes(10)
                                        .build(),
                                OperatorNode.builder(1, OperatorKind.SOURCE)
                                        .source(new SourceInfo("r", null, Map.of(), null, 10))
                                        .rowBytes(10)
                                        .build(),
                                join.input(0).input(1).build()),
                        backend),
                Map.of(
                        "l",
                        new SourceHints(leftRate, leftBytes, leftKeys, late),
                        "r",
                        new SourceHints(rightRate, rightBytes, Map.of(), late)));
        return estimate.operators().get(2);
    }

    private static CostProfile profile() {
        Map<OperatorKind, Double> cpu = new EnumMap<>(OperatorKind.class);
        for (OperatorKind kind : OperatorKind.values()) {
            cpu.put(kind, 1000.0);
        }
        return new CostProfile(
                "test",
                cpu,
                Map.of(StateBackend.HEAP, 0.0, StateBackend.ROCKSDB, 1000.0),
                Map.of(StateBackend.HEAP, 32.0, StateBackend.ROCKSDB, 16.0),
                16,
                Map.of(StateBackend.HEAP, 1.0, StateBackend.ROCKSDB, 0.5),
                100,
                1e6,
                0.5,
                1e6,
                1e5,
                2,
                1e6,
                0.5,
                1000,
                1000,
                0.5,
                0,
                3600,
                0.01,
                Map.of(StateBackend.HEAP, 100.0, StateBackend.ROCKSDB, 1000.0),
                Map.of(OperatorKind.INTERVAL_JOIN, Map.of(StateBackend.ROCKSDB, 5000.0)),
                Map.of(OperatorKind.DEDUPLICATE, Map.of(StateBackend.HEAP, 0.25)),
                Map.of(StateBackend.HEAP, 0.0, StateBackend.ROCKSDB, 4.0),
                Map.of(StateBackend.HEAP, 50.0, StateBackend.ROCKSDB, 2000.0),
                Map.of(StateBackend.HEAP, 0.0, StateBackend.ROCKSDB, 0.5),
                1e6,
                1.0,
                Map.of());
    }
}
