package dev.sluice.estimate.model;

import java.util.Locale;

/** Where keyed state lives; it changes bytes per entry, CPU per access, heap and managed memory. */
public enum StateBackend {
    HEAP,
    ROCKSDB;

    /** From Flink's {@code state.backend.type} value ("hashmap", "rocksdb"); Flink's default is the heap backend. */
    public static StateBackend fromFlinkName(String name) {
        return name != null && name.trim().toLowerCase(Locale.ROOT).startsWith("rocksdb") ? ROCKSDB : HEAP;
    }
}
