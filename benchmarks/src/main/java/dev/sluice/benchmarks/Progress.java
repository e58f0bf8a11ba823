package dev.sluice.benchmarks;

/** Progress lines go to stderr, so stdout holds only the report. */
final class Progress {

    private Progress() {}

    static void say(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }
}
