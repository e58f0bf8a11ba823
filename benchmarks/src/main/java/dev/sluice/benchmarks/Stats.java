package dev.sluice.benchmarks;

import java.util.List;

/** Order statistics of a small sample: with 5 to 10 noisy runs, the median and the range say more than a mean. */
record Stats(int count, double min, double median, double max) {

    static Stats of(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            throw new IllegalArgumentException("A sample needs at least one value.");
        }
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(n, sorted.get(0), median, sorted.get(n - 1));
    }

    /** {@code min / median / max} with the given number of decimals. */
    String format(int decimals) {
        String number = "%." + decimals + "f";
        return String.format(number + " / " + number + " / " + number, min, median, max);
    }
}
