package dev.sluice.estimate.calibration;

import dev.sluice.estimate.calibration.LinearFit.Point;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearFitTest {

    @Test
    void leastSquaresOfPointsOnALineIsThatLine() {
        // y = 200 + 48 x: checkpoint metadata of 200 bytes plus 48 bytes per entry.
        LinearFit fit = LinearFit.leastSquares(List.of(new Point(1_000, 48_200), new Point(10_000, 480_200)));

        assertThat(fit.slope()).isCloseTo(48, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(200, within(1e-6));
    }

    @Test
    void leastSquaresOfScatteredPointsMatchesTheHandComputedLine() {
        // x = 1, 2, 3; y = 2, 3, 7. Means 2 and 4; Sxx = 1 + 0 + 1 = 2; Sxy = (-1)(-2) + 0 + (1)(3) = 5.
        // slope = 5 / 2 = 2.5; intercept = 4 - 2.5 * 2 = -1.
        LinearFit fit = LinearFit.leastSquares(List.of(new Point(1, 2), new Point(2, 3), new Point(3, 7)));

        assertThat(fit.slope()).isCloseTo(2.5, within(1e-12));
        assertThat(fit.intercept()).isCloseTo(-1, within(1e-12));
        assertThat(fit.at(4)).isCloseTo(9, within(1e-12));
    }

    @Test
    void throughOriginIsTheRatioOfSums() {
        // Sum(x y) = 1*2 + 2*3 + 3*7 = 29; Sum(x x) = 1 + 4 + 9 = 14; slope = 29 / 14.
        LinearFit fit = LinearFit.throughOrigin(List.of(new Point(1, 2), new Point(2, 3), new Point(3, 7)));

        assertThat(fit.slope()).isCloseTo(29.0 / 14, within(1e-12));
        assertThat(fit.intercept()).isZero();
    }

    @Test
    void throughOriginOfOnePointIsItsRatio() {
        // 3 000 records/s took 0.06 cores: 20 microseconds of CPU per record.
        assertThat(LinearFit.throughOrigin(List.of(new Point(3_000, 0.06))).slope())
                .isCloseTo(20e-6, within(1e-15));
    }

    @Test
    void aLineNeedsTwoDifferentSizes() {
        assertThatThrownBy(() -> LinearFit.leastSquares(List.of(new Point(1, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two measurements");
        assertThatThrownBy(() -> LinearFit.leastSquares(List.of(new Point(5, 2), new Point(5, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two or more different sizes");
        assertThatThrownBy(() -> LinearFit.throughOrigin(List.of(new Point(0, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other than 0");
    }
}
