package dev.sluice.estimate.operators;

/**
 * How many distinct keys a stretch of rows holds when every row's key is drawn evenly from {@code keys} keys. A slice
 * of a window keeps one accumulator per key it saw, not per key there is nor per row: of {@code n} rows drawn from
 * {@code K} keys, {@code K·(1 − (1 − 1/K)^n)} keys are expected to appear (fewer than both {@code n} and {@code K}
 * when they are of a size: 10,000 rows over 10,000 keys see 6,321 of them). The slice still being filled holds, on
 * average over its length, the keys of the rows seen so far: about half its rows' keys when keys rarely repeat, all
 * keys when every key comes back many times.
 */
final class SliceKeys {

    private SliceKeys() {}

    /** Expected distinct keys among {@code rows} rows whose keys are drawn evenly from {@code keys} keys. */
    static double distinct(double keys, double rows) {
        if (rows <= 0 || keys <= 0) {
            return 0;
        }
        if (keys <= 1) {
            return keys;
        }
        // K·(1 − q^n) with q = 1 − 1/K, as K·(−expm1(n·ln q)): exact for the huge K of an unbounded key.
        return keys * -Math.expm1(rows * Math.log1p(-1 / keys));
    }

    /**
     * Distinct keys of a slice being filled with {@code rows} rows in all, averaged over the time it fills:
     * {@code (1/n)·∫₀ⁿ K·(1 − q^x) dx = K·(1 − (1 − q^n) / (−n·ln q))}.
     */
    static double whileFilling(double keys, double rows) {
        if (rows <= 0 || keys <= 0) {
            return 0;
        }
        if (keys <= 1) {
            return keys;
        }
        double x = rows * Math.log1p(-1 / keys);
        // 1 − (1 − e^x) / −x; near 0 its series, as the difference of two numbers close to 1 loses the digits.
        double share = Math.abs(x) < 1e-4 ? -x / 2 - x * x / 6 : 1 + -Math.expm1(x) / x;
        return keys * share;
    }
}
