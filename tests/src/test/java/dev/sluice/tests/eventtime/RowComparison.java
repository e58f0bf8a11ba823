package dev.sluice.tests.eventtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Compares result rows in their text form and explains a mismatch so a reader can see which rows differ. */
public final class RowComparison {
    private RowComparison() {}

    /**
     * @param ordered whether the order of rows is part of the expectation; if not, rows compare as multisets
     * @return empty when the rows match; otherwise a report naming the missing and extra rows and listing both
     */
    public static Optional<String> mismatch(List<String> expected, List<String> actual, boolean ordered) {
        if (ordered ? expected.equals(actual) : sorted(expected).equals(sorted(actual))) {
            return Optional.empty();
        }
        List<String> missing = minus(expected, actual);
        List<String> extra = minus(actual, expected);
        StringBuilder report = new StringBuilder();
        if (missing.isEmpty() && extra.isEmpty()) {
            report.append("same rows in another order\n");
        }
        if (!missing.isEmpty()) {
            section(report, "missing (expected, not produced)", missing);
        }
        if (!extra.isEmpty()) {
            section(report, "extra (produced, not expected)", extra);
        }
        section(report, "expected", expected);
        section(report, "actual", actual);
        return Optional.of(report.toString());
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    /** Multiset difference: each row of {@code from} cancels at most one equal row of {@code rows}. */
    private static List<String> minus(List<String> from, List<String> rows) {
        List<String> left = new ArrayList<>(from);
        rows.forEach(left::remove);
        return left;
    }

    private static void section(StringBuilder report, String title, List<String> rows) {
        report.append(title)
                .append(" (")
                .append(rows.size())
                .append("):\n")
                .append(rows.stream().map(row -> "  " + row + "\n").collect(Collectors.joining()));
    }
}
