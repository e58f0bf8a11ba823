package dev.sluice.estimate.operators;

/**
 * Adds up an operator's state entry by entry, live and serialized. A value or timer is an entry of its own: key,
 * namespace and value, plus the backend's overhead when live and its framing in a checkpoint. An entry of a map state (a distinct value, a buffered
 * row) is live as key, namespace and map entry with the overhead, but a snapshot writes key and namespace (with the
 * entry framing) once per map and the map entries after it; RocksDB's repetition of the prefix, which its
 * delta-encoded keys mostly hide, is left to the per-kind checkpoint factor.
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
        snapshotBytes +=
                count * (bytes + context.profile().checkpointBytesPerEntry().get(context.backend()));
        return this;
    }

    /**
     * {@code count} entries in {@code maps} map states keyed by {@code outerBytes} (key and namespace), each entry
     * {@code ownBytes}.
     */
    StateSize mapEntries(double count, double maps, double outerBytes, double ownBytes) {
        entries += count;
        liveBytes += count * context.entryBytes(outerBytes + ownBytes);
        snapshotBytes += Math.min(maps, count)
                        * (outerBytes
                                + context.profile().checkpointBytesPerEntry().get(context.backend()))
                + count * ownBytes;
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
