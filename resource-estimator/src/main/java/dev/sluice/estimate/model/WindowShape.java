package dev.sluice.estimate.model;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A window of a window aggregation. Flink keeps window state in slices: one slice per window for TUMBLE, one per slide
 * for HOP (a window is the merge of size/slide slices), one per step for CUMULATE, one per session for SESSION.
 *
 * @param size the window size (TUMBLE, HOP), max size (CUMULATE) or gap (SESSION)
 * @param slice the slice length: size (TUMBLE), slide (HOP), step (CUMULATE), gap (SESSION)
 */
public record WindowShape(Type type, Duration size, Duration slice) {

    public enum Type {
        TUMBLE,
        HOP,
        CUMULATE,
        SESSION
    }

    public WindowShape {
        requireNonNull(type, "type is null");
        requireNonNull(size, "size is null");
        requireNonNull(slice, "slice is null");
        if (size.isNegative() || size.isZero() || slice.isNegative() || slice.isZero()) {
            throw new IllegalArgumentException("window size and slice must be positive");
        }
    }

    public static WindowShape tumble(Duration size) {
        return new WindowShape(Type.TUMBLE, size, size);
    }

    public static WindowShape hop(Duration size, Duration slide) {
        return new WindowShape(Type.HOP, size, slide);
    }

    public static WindowShape cumulate(Duration maxSize, Duration step) {
        return new WindowShape(Type.CUMULATE, maxSize, step);
    }

    public static WindowShape session(Duration gap) {
        return new WindowShape(Type.SESSION, gap, gap);
    }

    @Override
    public String toString() {
        return switch (type) {
            case TUMBLE -> "TUMBLE(" + size + ")";
            case HOP -> "HOP(" + size + ", slide " + slice + ")";
            case CUMULATE -> "CUMULATE(" + size + ", step " + slice + ")";
            case SESSION -> "SESSION(gap " + size + ")";
        };
    }
}
