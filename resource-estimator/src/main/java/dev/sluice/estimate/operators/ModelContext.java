package dev.sluice.estimate.operators;

import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Assumption.Origin;
import dev.sluice.estimate.model.KeyRef;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.estimate.model.SourceInfo;
import dev.sluice.estimate.model.StateBackend;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What every formula reads besides its node: the profile, the backend, the caller's hints and the sources' own
 * facts. Answers each question together with the assumption it rests on.
 */
final class ModelContext {

    private final CostProfile profile;
    private final StateBackend backend;
    private final Map<String, SourceHints> hints;
    private final Map<String, SourceInfo> sources;

    @Nullable
    private final Duration checkpointInterval;

    ModelContext(
            CostProfile profile,
            StateBackend backend,
            @Nullable Duration checkpointInterval,
            Map<String, SourceHints> hints,
            Map<String, SourceInfo> sources) {
        this.profile = requireNonNull(profile, "profile is null");
        this.backend = requireNonNull(backend, "backend is null");
        this.checkpointInterval = checkpointInterval;
        this.hints = Map.copyOf(hints);
        this.sources = Map.copyOf(sources);
    }

    CostProfile profile() {
        return profile;
    }

    StateBackend backend() {
        return backend;
    }

    /** Seconds between checkpoints; infinite for a job that does not checkpoint. */
    double checkpointSeconds() {
        return checkpointInterval == null ? Double.POSITIVE_INFINITY : checkpointInterval.toMillis() / 1000.0;
    }

    /** Whether the job checkpoints at all. */
    boolean checkpoints() {
        return checkpointInterval != null;
    }

    /**
     * The checkpoint interval as the estimate's assumption: a local pre-aggregate flushes at every checkpoint, and
     * RocksDB keeps what was rewritten since the last compaction.
     */
    Assumption checkpointAssumption() {
        return new Assumption(
                "checkpoint interval",
                checkpointInterval == null
                        ? "the job does not checkpoint"
                        : "a checkpoint every " + checkpointInterval.toMillis() / 1000.0 + " s",
                Origin.PLAN);
    }

    SourceHints hints(String table) {
        return hints.getOrDefault(table, SourceHints.NONE);
    }

    /** Bytes one state entry takes: its key and value plus the backend's overhead. */
    double entryBytes(double keyAndValueBytes) {
        return keyAndValueBytes + profile.stateEntryOverheadBytes().get(backend);
    }

    /**
     * Distinct values of a composite key: the product of its columns' counts (columns assumed independent).
     * An empty key (a global aggregate) has one value.
     */
    Counted distinct(List<KeyRef> key) {
        double product = 1;
        boolean guessed = false;
        List<Assumption> used = new java.util.ArrayList<>();
        for (KeyRef column : key) {
            Counted one = distinct(column);
            product *= one.value();
            guessed |= one.guessed();
            used.addAll(one.assumptions());
        }
        if (key.size() > 1) {
            used.add(new Assumption(
                    "key " + key,
                    "the key's columns are independent: distinct keys is the product of" + " their distinct counts",
                    Origin.PLAN));
        }
        return new Counted(product, guessed, used);
    }

    private Counted distinct(KeyRef column) {
        if (column.table() != null) {
            Long hinted = hints(column.table()).distinctKeys().get(column.column());
            if (hinted != null) {
                return new Counted(
                        hinted,
                        false,
                        List.of(new Assumption(
                                column + ".distinctKeys", hinted + " distinct values (hint)", Origin.HINT)));
            }
            SourceInfo source = sources.get(column.table());
            Long bounded = source == null ? null : source.boundedDistinct().get(column.column());
            if (bounded != null) {
                return new Counted(
                        bounded,
                        false,
                        List.of(new Assumption(
                                column + ".distinctKeys",
                                bounded + " distinct values, from the connector's min/max for the column",
                                Origin.CONNECTOR)));
            }
        }
        return new Counted(
                profile.defaultDistinctKeys(),
                true,
                List.of(new Assumption(
                        column + ".distinctKeys",
                        profile.defaultDistinctKeys() + " distinct values (default; give distinctKeys."
                                + column.column() + " in the rates of "
                                + (column.table() == null ? "its table" : column.table()) + ")",
                        Origin.DEFAULT)));
    }

    /**
     * How long state is kept: the TTL if there is one, else the profile's horizon, which makes the state unbounded
     * unless the key count bounds it.
     */
    Retention retention(@Nullable Duration ttl, String what) {
        if (ttl != null && !ttl.isZero()) {
            return new Retention(
                    ttl.toMillis() / 1000.0,
                    true,
                    new Assumption(what + " retention", "state TTL " + ttl, Origin.PLAN));
        }
        return new Retention(
                profile.unboundedHorizonSeconds(),
                false,
                new Assumption(
                        what + " retention",
                        "no state TTL: state is sized after " + profile.unboundedHorizonSeconds()
                                + " s and keeps growing",
                        Origin.DEFAULT));
    }

    /** A count and what it rests on; {@code guessed} when a default stood in for a missing hint. */
    record Counted(double value, boolean guessed, List<Assumption> assumptions) {
        Counted {
            assumptions = List.copyOf(assumptions);
        }
    }

    /** How long state lives, in seconds, and whether a TTL bounds it. */
    record Retention(double seconds, boolean byTtl, Assumption assumption) {}
}
