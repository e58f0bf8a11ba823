package dev.sluice.estimate.calibration;

import java.util.List;

/**
 * Fits cost constants to measurements. A cost grows linearly with what drives it (CPU seconds with records, checkpoint
 * bytes with state entries) on top of a fixed part (an idle task's own CPU, a checkpoint's metadata), so
 * calibration measures at two or more sizes and fits a line; the slope is the constant per record or per entry.
 *
 * @param intercept the fixed part, at x = 0
 * @param slope the cost per unit of x
 */
public record LinearFit(double intercept, double slope) {

    /** One measurement: {@code y} measured when the driver was {@code x}. */
    public record Point(double x, double y) {}

    /** The value the line predicts at {@code x}. */
    public double at(double x) {
        return intercept + slope * x;
    }

    /**
     * Ordinary least squares over at least two points with different {@code x}: slope = Sxy / Sxx and
     * intercept = mean(y) - slope * mean(x), where Sxy and Sxx are the sums of products of deviations from the means.
     */
    public static LinearFit leastSquares(List<Point> points) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("A line needs at least two measurements, got " + points.size() + ".");
        }
        double meanX = points.stream().mapToDouble(Point::x).average().orElseThrow();
        double meanY = points.stream().mapToDouble(Point::y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            sxx += (p.x() - meanX) * (p.x() - meanX);
            sxy += (p.x() - meanX) * (p.y() - meanY);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("The measurements must be taken at two or more different sizes.");
        }
        double slope = sxy / sxx;
        return new LinearFit(meanY - slope * meanX, slope);
    }

    /**
     * The line through the origin that fits best in least squares, slope = Sum(x * y) / Sum(x * x): for costs
     * with no fixed part, or when one size was measured.
     */
    public static LinearFit throughOrigin(List<Point> points) {
        double sxx = points.stream().mapToDouble(p -> p.x() * p.x()).sum();
        if (sxx == 0) {
            throw new IllegalArgumentException("A ratio needs at least one measurement with x other than 0.");
        }
        return new LinearFit(0, points.stream().mapToDouble(p -> p.x() * p.y()).sum() / sxx);
    }
}
