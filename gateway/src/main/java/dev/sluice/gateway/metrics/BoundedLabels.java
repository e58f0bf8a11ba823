package dev.sluice.gateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values one label may take, at most {@code max} of them: the first {@code max} distinct values keep their name,
 * every later one is reported as {@value #OTHER}, so that no caller can grow the number of series without bound (a
 * tenant creating functions in a loop, say).
 */
public final class BoundedLabels {

    /** The value that stands for every value past the bound. */
    public static final String OTHER = "_other";

    private final int max;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();

    public BoundedLabels(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        this.max = max;
    }

    /** {@code value} itself while it is one of the first {@code max} seen, else {@value #OTHER}. */
    public String of(String value) {
        if (kept.contains(value)) {
            return value;
        }
        synchronized (kept) {
            if (kept.contains(value) || kept.size() < max) {
                kept.add(value);
                return value;
            }
            return OTHER;
        }
    }
}
