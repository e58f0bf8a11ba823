package dev.sluice.estimate.operators;

import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.Advice;
import dev.sluice.estimate.model.PlanGraph;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

/**
 * Advice on an estimate: where the heap backend would hold more state per slot than a slot's task heap can give it
 * (the profile's {@code heapStateBytesPerSlot}, counting the heap backend's copy-on-write and GC headroom), or a
 * checkpoint would take longer than the interval between checkpoints (its bytes at the profile's snapshot speed per
 * slot), it advises RocksDB with incremental checkpoints, and an interval of at least twice what one incremental
 * checkpoint takes, and estimates the plan again under that advice.
 */
final class Advisor {

    private final CostProfile profile;
    private final BiFunction<PlanGraph, Map<String, SourceHints>, CostModel.Sized> size;

    Advisor(CostProfile profile, BiFunction<PlanGraph, Map<String, SourceHints>, CostModel.Sized> size) {
        this.profile = requireNonNull(profile, "profile is null");
        this.size = requireNonNull(size, "size is null");
    }

    /** @return the advice for {@code graph} estimated as {@code sized}, or null when nothing needs to change */
    @Nullable
    Advice advise(PlanGraph graph, Map<String, SourceHints> hints, CostModel.Sized sized) {
        Totals totals = sized.estimate().totals();
        List<String> reasons = new ArrayList<>();
        if (graph.backend() == StateBackend.HEAP) {
            double perSlot = totals.stateBytes() * profile.heapStateFactor() / totals.taskSlots();
            if (perSlot > profile.heapStateBytesPerSlot()) {
                reasons.add(String.format(
                        Locale.ROOT,
                        "On the heap backend the state, %s, needs %s of heap in each of %d slots (with copy-on-write"
                                + " snapshots and GC headroom), more than the %s a slot's task heap can give it:"
                                + " RocksDB keeps state on local disk, with a cache in managed memory.",
                        bytes(totals.stateBytes()),
                        bytes(perSlot),
                        totals.taskSlots(),
                        bytes(profile.heapStateBytesPerSlot())));
            }
        }
        Duration interval = graph.checkpointInterval();
        if (interval != null && totals.checkpointMillis() > interval.toMillis()) {
            reasons.add(String.format(
                    Locale.ROOT,
                    "A checkpoint writes %s in about %s at %s/s per slot, longer than the checkpoint interval of %s:"
                            + " incremental RocksDB checkpoints upload only what changed since the last one.",
                    bytes(totals.checkpointBytes()),
                    duration(totals.checkpointMillis()),
                    bytes(profile.checkpointBytesPerSecondPerSlot()),
                    duration(interval.toMillis())));
        }
        if (reasons.isEmpty()) {
            return null;
        }
        PlanGraph rocks = graph.withBackend(StateBackend.ROCKSDB);
        CostModel.Sized under = size.apply(rocks, hints);
        Duration advised = interval;
        if (interval != null) {
            double upload = CostModel.checkpointMillis(
                    profile, under.uploadBytes(), under.estimate().totals().taskSlots());
            if (2 * upload > interval.toMillis()) {
                // What an incremental checkpoint uploads grows with the interval: estimated again at the new one.
                advised = roundUp(2 * upload);
                under = size.apply(rocks.withCheckpointInterval(advised), hints);
                reasons.add("A checkpoint interval of " + interval(advised) + " leaves each incremental checkpoint"
                        + " time to finish before the next one starts.");
            }
        }
        Totals rocksTotals = under.estimate().totals();
        long checkpointMillis = advised == null
                ? rocksTotals.checkpointMillis()
                : Math.round(CostModel.checkpointMillis(profile, under.uploadBytes(), rocksTotals.taskSlots()));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("state.backend.type", "rocksdb");
        if (advised != null) {
            settings.put("execution.checkpointing.incremental", "true");
            settings.put("execution.checkpointing.interval", interval(advised));
        }
        return new Advice(
                reasons,
                StateBackend.ROCKSDB,
                advised != null,
                advised == null ? 0 : advised.toMillis(),
                settings,
                new Totals(
                        rocksTotals.parallelism(),
                        rocksTotals.taskSlots(),
                        rocksTotals.cpuCores(),
                        rocksTotals.stateBytes(),
                        rocksTotals.heapBytes(),
                        rocksTotals.managedBytes(),
                        rocksTotals.checkpointBytes(),
                        checkpointMillis,
                        rocksTotals.unboundedState(),
                        rocksTotals.processCpuCores()),
                rocksTotals.stateBytes());
    }

    /** Whole seconds, and whole minutes from a minute on. */
    private static Duration roundUp(double millis) {
        long seconds = (long) Math.ceil(millis / 1000);
        return seconds < 60 ? Duration.ofSeconds(seconds) : Duration.ofMinutes((seconds + 59) / 60);
    }

    /** As Flink's duration settings read it. */
    private static String interval(Duration interval) {
        return interval.toSeconds() % 60 == 0 && interval.toSeconds() > 0
                ? interval.toMinutes() + " min"
                : interval.toMillis() % 1000 == 0 ? interval.toSeconds() + " s" : interval.toMillis() + " ms";
    }

    private static String duration(double millis) {
        return millis < 1000
                ? String.format(Locale.ROOT, "%.0f ms", millis)
                : String.format(Locale.ROOT, "%.1f s", millis / 1000);
    }

    private static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? String.format(Locale.ROOT, "%.0f B", value)
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
