package dev.sluice.estimate.calibration;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The constants of the cost model for one machine and Flink version. The default profile ships as
 * {@code default-cost-profile.json} next to this class, with each constant documented in its {@code documentation}
 * object; {@code ./sluice calibrate} fits them on the machine and stores named profiles in the same format.
 *
 * @param cpuNanosPerRecord CPU time per input record, per operator kind, excluding state access
 * @param stateAccessNanosPerRecord extra CPU time per input record of a stateful operator, per backend
 * @param stateEntryOverheadBytes bytes a state entry costs beyond its key and value, per backend
 * @param accumulatorBytes bytes of one aggregate's accumulator (COUNT, SUM, MAX ...)
 * @param checkpointBytesPerStateByte bytes written to a full checkpoint per byte of state, per backend
 * @param checkpointBaseMillis fixed cost of one checkpoint (barrier alignment, metadata)
 * @param checkpointBytesPerSecondPerSlot upload speed of one slot's snapshot
 * @param targetUtilization the share of a core one slot (an instance of every operator) may use before more
 *     parallelism is recommended
 * @param heapBaseBytes task heap a job needs however small
 * @param heapPerSlotBytes task heap each slot needs for network buffers' objects, serializers, operator objects
 * @param heapStateFactor live heap per byte of state on the heap backend (copy-on-write snapshots, GC headroom)
 * @param managedBytesPerSlot managed memory RocksDB needs per slot at least
 * @param rocksDbCacheShare the share of state RocksDB should find in its block cache
 * @param defaultEventsPerSecond a source's rate when neither a hint nor the connector gives one
 * @param defaultDistinctKeys a key column's distinct count when neither a hint nor a bounded range gives one
 * @param defaultFilterSelectivity the share of rows a filter keeps
 * @param defaultOutOfOrdernessMillis out-of-orderness when neither a hint nor a watermark delay gives one
 * @param unboundedHorizonSeconds how far ahead growing state is sized
 * @param fixedCoresPerJob CPU a running job's tasks use whatever the rate (mailbox loop, watermarks, checkpoints);
 *     null in profiles written before it existed, read as 0
 * @param windowFireNanosPerValue CPU per state value a window fire reads and merges (a slice's accumulator, a
 *     distinct value), per backend; null for 0
 * @param stateAccessNanosByKind a stateful kind's own state-access cost per backend where it differs from
 *     {@code stateAccessNanosPerRecord} (an interval join scans a time range per record); null for none
 * @param checkpointBytesByKind checkpoint bytes per serialized state byte per kind and backend where it differs
 *     from {@code checkpointBytesPerStateByte} (RocksDB's SST framing and compression differ per state shape);
 *     null for none
 * @param checkpointBytesPerEntry bytes a checkpoint writes per state entry of its own beyond its serialized key,
 *     namespace and value, per backend (heap snapshot framing; RocksDB's per-key SST overhead); null for 0
 * @param windowFireNanosPerRead CPU per state a window fire looks up (a key and slice's accumulator, a distinct-value
 *     map), per backend: a hash lookup on the heap, a seek on RocksDB; null for 0
 * @param rewrittenCheckpointFactor checkpoint bytes per serialized byte of state entries overwritten or deleted
 *     within one checkpoint interval, per backend: on RocksDB the old versions and deletion markers an incremental
 *     checkpoint's SST files hold until compaction, after compression; 0 on the heap; null for 0
 * @param heapStateBytesPerSlot heap a slot's task heap can give keyed state on the heap backend (state times
 *     {@code heapStateFactor}) before the estimate advises RocksDB; null for the default, 2 GiB
 * @param jvmCpuPerTaskCpu CPU a TaskManager's JVM spends besides the task threads (garbage collection, JIT, Flink's
 *     runtime threads) per core of task-thread CPU; null in profiles written before it existed, read as 0
 * @param documentation one sentence per constant, for people reading the JSON
 */
public record CostProfile(
        String name,
        Map<OperatorKind, Double> cpuNanosPerRecord,
        Map<StateBackend, Double> stateAccessNanosPerRecord,
        Map<StateBackend, Double> stateEntryOverheadBytes,
        double accumulatorBytes,
        Map<StateBackend, Double> checkpointBytesPerStateByte,
        double checkpointBaseMillis,
        double checkpointBytesPerSecondPerSlot,
        double targetUtilization,
        double heapBaseBytes,
        double heapPerSlotBytes,
        double heapStateFactor,
        double managedBytesPerSlot,
        double rocksDbCacheShare,
        double defaultEventsPerSecond,
        long defaultDistinctKeys,
        double defaultFilterSelectivity,
        long defaultOutOfOrdernessMillis,
        long unboundedHorizonSeconds,
        @Nullable Double fixedCoresPerJob,
        @Nullable Map<StateBackend, Double> windowFireNanosPerValue,
        @Nullable Map<OperatorKind, Map<StateBackend, Double>> stateAccessNanosByKind,
        @Nullable Map<OperatorKind, Map<StateBackend, Double>> checkpointBytesByKind,
        @Nullable Map<StateBackend, Double> checkpointBytesPerEntry,
        @Nullable Map<StateBackend, Double> windowFireNanosPerRead,
        @Nullable Map<StateBackend, Double> rewrittenCheckpointFactor,
        @Nullable Double heapStateBytesPerSlot,
        @Nullable Double jvmCpuPerTaskCpu,
        Map<String, String> documentation) {

    /** 2 GiB: a larger heap of state objects per slot makes full collections last seconds. */
    private static final double DEFAULT_HEAP_STATE_BYTES_PER_SLOT = 2.0 * (1L << 30);

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public CostProfile {
        requireNonNull(name, "name is null");
        cpuNanosPerRecord = calibratedKinds(cpuNanosPerRecord);
        stateAccessNanosPerRecord =
                complete("stateAccessNanosPerRecord", stateAccessNanosPerRecord, StateBackend.class);
        stateEntryOverheadBytes = complete("stateEntryOverheadBytes", stateEntryOverheadBytes, StateBackend.class);
        checkpointBytesPerStateByte =
                complete("checkpointBytesPerStateByte", checkpointBytesPerStateByte, StateBackend.class);
        positive("checkpointBytesPerSecondPerSlot", checkpointBytesPerSecondPerSlot);
        positive("defaultEventsPerSecond", defaultEventsPerSecond);
        positive("defaultDistinctKeys", defaultDistinctKeys);
        positive("unboundedHorizonSeconds", unboundedHorizonSeconds);
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("targetUtilization must be in (0, 1], was " + targetUtilization);
        }
        if (!(defaultFilterSelectivity > 0 && defaultFilterSelectivity <= 1)) {
            throw new IllegalArgumentException(
                    "defaultFilterSelectivity must be in (0, 1], was " + defaultFilterSelectivity);
        }
        fixedCoresPerJob = fixedCoresPerJob == null ? 0.0 : fixedCoresPerJob;
        if (fixedCoresPerJob.isNaN() || fixedCoresPerJob < 0) {
            throw new IllegalArgumentException("fixedCoresPerJob must be a number >= 0, was " + fixedCoresPerJob);
        }
        windowFireNanosPerValue = complete(
                "windowFireNanosPerValue",
                windowFireNanosPerValue == null ? zeros() : windowFireNanosPerValue,
                StateBackend.class);
        stateAccessNanosByKind = perKind("stateAccessNanosByKind", stateAccessNanosByKind);
        checkpointBytesByKind = perKind("checkpointBytesByKind", checkpointBytesByKind);
        checkpointBytesPerEntry = complete(
                "checkpointBytesPerEntry",
                checkpointBytesPerEntry == null ? zeros() : checkpointBytesPerEntry,
                StateBackend.class);
        windowFireNanosPerRead = complete(
                "windowFireNanosPerRead",
                windowFireNanosPerRead == null ? zeros() : windowFireNanosPerRead,
                StateBackend.class);
        rewrittenCheckpointFactor = complete(
                "rewrittenCheckpointFactor",
                rewrittenCheckpointFactor == null ? zeros() : rewrittenCheckpointFactor,
                StateBackend.class);
        heapStateBytesPerSlot =
                heapStateBytesPerSlot == null ? DEFAULT_HEAP_STATE_BYTES_PER_SLOT : heapStateBytesPerSlot;
        positive("heapStateBytesPerSlot", heapStateBytesPerSlot);
        jvmCpuPerTaskCpu = jvmCpuPerTaskCpu == null ? 0.0 : jvmCpuPerTaskCpu;
        if (jvmCpuPerTaskCpu.isNaN() || jvmCpuPerTaskCpu < 0) {
            throw new IllegalArgumentException("jvmCpuPerTaskCpu must be a number >= 0, was " + jvmCpuPerTaskCpu);
        }
        documentation = documentation == null ? Map.of() : Map.copyOf(documentation);
    }

    /** The profile that ships with Sluice. */
    public static CostProfile defaults() {
        try (InputStream in = CostProfile.class.getResourceAsStream("default-cost-profile.json")) {
            return read(requireNonNull(in, "default-cost-profile.json is missing"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CostProfile read(InputStream json) throws IOException {
        return JSON.readValue(json, CostProfile.class);
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public double cpuNanos(OperatorKind kind) {
        return cpuNanosPerRecord.get(kind.calibratedAs());
    }

    /** The state-access cost per record of {@code kind} on {@code backend}: its own if fitted, else the backend's. */
    public double stateAccessNanos(OperatorKind kind, StateBackend backend) {
        Map<StateBackend, Double> own = stateAccessNanosByKind.get(kind.calibratedAs());
        Double value = own == null ? null : own.get(backend);
        return value != null ? value : stateAccessNanosPerRecord.get(backend);
    }

    /** Checkpoint bytes per serialized state byte of {@code kind} on {@code backend}: its own if fitted, else the backend's. */
    public double checkpointFactor(OperatorKind kind, StateBackend backend) {
        Map<StateBackend, Double> own = checkpointBytesByKind.get(kind.checkpointedAs());
        Double value = own == null ? null : own.get(backend);
        return value != null ? value : checkpointBytesPerStateByte.get(backend);
    }

    private static <K extends Enum<K>> Map<K, Double> complete(String field, Map<K, Double> values, Class<K> keys) {
        requireNonNull(values, field + " is null");
        Map<K, Double> copy = new EnumMap<>(keys);
        for (K key : keys.getEnumConstants()) {
            Double value = values.get(key);
            if (value == null || value.isNaN() || value < 0) {
                throw new IllegalArgumentException(field + "." + key + " must be a number >= 0, was " + value);
            }
            copy.put(key, value);
        }
        return Map.copyOf(copy);
    }

    /**
     * The CPU constants of the kinds calibration measures, each required; a kind that borrows another's constants
     * needs none of its own, and one given is dropped (it would never be read).
     */
    private static Map<OperatorKind, Double> calibratedKinds(Map<OperatorKind, Double> values) {
        requireNonNull(values, "cpuNanosPerRecord is null");
        Map<OperatorKind, Double> copy = new EnumMap<>(OperatorKind.class);
        for (OperatorKind kind : OperatorKind.values()) {
            if (kind.calibratedAs() != kind) {
                continue;
            }
            Double value = values.get(kind);
            if (value == null || value.isNaN() || value < 0) {
                throw new IllegalArgumentException(
                        "cpuNanosPerRecord." + kind + " must be a number >= 0, was " + value);
            }
            copy.put(kind, value);
        }
        return Map.copyOf(copy);
    }

    private static Map<StateBackend, Double> zeros() {
        Map<StateBackend, Double> zeros = new EnumMap<>(StateBackend.class);
        for (StateBackend backend : StateBackend.values()) {
            zeros.put(backend, 0.0);
        }
        return zeros;
    }

    /** A per-kind table may name only some kinds and some backends; each value given must be a number >= 0. */
    private static Map<OperatorKind, Map<StateBackend, Double>> perKind(
            String field, @Nullable Map<OperatorKind, Map<StateBackend, Double>> values) {
        if (values == null) {
            return Map.of();
        }
        Map<OperatorKind, Map<StateBackend, Double>> copy = new EnumMap<>(OperatorKind.class);
        values.forEach((kind, byBackend) -> {
            requireNonNull(kind, field + " has a null kind");
            requireNonNull(byBackend, field + "." + kind + " is null");
            byBackend.forEach((backend, value) -> {
                if (backend == null || value == null || value.isNaN() || value < 0) {
                    throw new IllegalArgumentException(
                            field + "." + kind + "." + backend + " must be a number >= 0, was " + value);
                }
            });
            copy.put(kind, Map.copyOf(byBackend));
        });
        return Map.copyOf(copy);
    }

    private static void positive(String field, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }
}
