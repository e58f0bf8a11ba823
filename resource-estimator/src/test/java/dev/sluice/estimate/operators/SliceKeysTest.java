package dev.sluice.estimate.operators;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Expected distinct keys of a slice, against values computed by hand. */
class SliceKeysTest {

    @Test
    void rowsDrawFewerKeysThanThereAreRowsAndKeys() {
        // 10000 * (1 - 0.9999^10000) = 6321.39; 1000 * (1 - 0.999^10) = 9.955; 10 keys, 10000 rows: all 10.
        assertThat(SliceKeys.distinct(10_000, 10_000)).isCloseTo(6321.39, within(1e-2));
        assertThat(SliceKeys.distinct(1000, 10)).isCloseTo(9.955, within(1e-3));
        assertThat(SliceKeys.distinct(10, 10_000)).isCloseTo(10, within(1e-9));
        // A key column with as many values as a long has: every row a new key.
        assertThat(SliceKeys.distinct(9.2e18, 5000)).isCloseTo(5000, within(1e-6));
        assertThat(SliceKeys.distinct(1, 500)).isEqualTo(1);
        assertThat(SliceKeys.distinct(1000, 0)).isZero();
    }

    @Test
    void theOpenSliceHoldsAboutHalfItsRowsKeysWhenKeysRarelyRepeat() {
        // Unbounded keys: half the rows' keys on average; 10000 keys and 10000 rows:
        // 10000 * (1 - (1 - 0.9999^10000) / (-10000 ln 0.9999)) = 10000 * (1 - 0.6321390 / 1.0000500) = 3678.93.
        assertThat(SliceKeys.whileFilling(9.2e18, 5000)).isCloseTo(2500, within(1e-3));
        assertThat(SliceKeys.whileFilling(10_000, 10_000)).isCloseTo(3678.93, within(1e-2));
        // Few keys, each back many times: all of them for nearly the whole slice, 10 * (1 - 1 / (10000 * 0.1053605)).
        assertThat(SliceKeys.whileFilling(10, 10_000)).isCloseTo(9.99051, within(1e-5));
        assertThat(SliceKeys.whileFilling(1000, 0)).isZero();
    }
}
