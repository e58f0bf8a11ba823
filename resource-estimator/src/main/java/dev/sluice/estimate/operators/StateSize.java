package dev.sluice.estimate.operators;

/**
 * Adds up an operator's state entry by entry, live and serialized. A value or timer is an entry of its own: key,
 * namespace and value, plus the backend's overhead when live. An entry of a map state (a distinct value, a buffered
 * row) is live as key, namespace and map entry with the overhead, but a heap snapshot writes key and namespace once
 * per map, so only the map entry counts as serialized; RocksDB's repetition of the prefix is left to the per-kind
 * checkpoint factor.
 */
final class StateSize {

    private final ModelContext context;
    private double entries;
    private double liveBytes;
    private double snapshotBytes;

    StateSize(ModelContext context) {
        this.context = context;
    }

    /** {@code count} entries of their own, each {@code bytes} of key, namespace and value. */
    StateSize values(double count, double bytes) {
        entries += count;
        liveBytes += count * context.entryBytes(bytes);
        snapshotBytes += count * bytes;
        return this;
    }

    /** {@code count} entries of map states keyed by {@code outerBytes} (key and namespace), each {@code ownBytes}. */
    StateSize mapEntries(double count, double outerBytes, double ownBytes) {
        entries += count;
        liveBytes += count * context.entryBytes(outerBytes + ownBytes);
        snapshotBytes += count * ownBytes;
        return this;
    }

    double entries() {
        return entries;
    }

    double liveBytes() {
        return liveBytes;
    }

    double snapshotBytes() {
        return snapshotBytes;
    }
}
