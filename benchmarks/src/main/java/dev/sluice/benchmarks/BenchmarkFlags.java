package dev.sluice.benchmarks;

/** Flag values of the benchmark runners: a bad one ends the run with the usage, not a stack trace. */
final class BenchmarkFlags {

    private BenchmarkFlags() {}

    /** The value of a flag that takes a whole number; otherwise says so with the usage and exits with 2. */
    static long wholeNumber(String flag, String value, String usage) {
        if (!value.matches("[0-9]{1,12}")) {
            System.err.print(flag + " takes a whole number, not '" + value + "'.\n" + usage);
            System.exit(2);
        }
        return Long.parseLong(value);
    }
}
