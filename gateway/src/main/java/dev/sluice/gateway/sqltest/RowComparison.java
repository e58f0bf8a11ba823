package dev.sluice.gateway.sqltest;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares the rows a statement produced with those a test expects: as multisets (each row as often as expected, in
 * any order), or in order. Rows are equal when their values' JSON forms are: values were read by their column's type
 * on both sides, so {@code 1.50} and {@code "1.5"} of a DECIMAL(5, 2) are the same value and a timestamp is compared by
 * its instant, not its spelling.
 */
final class RowComparison {

    /** The expected rows the statement did not produce and the rows it produced that were not expected. */
    record Difference(List<TestRow> missing, List<TestRow> unexpected) {

        Difference {
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
        }

        boolean none() {
            return missing.isEmpty() && unexpected.isEmpty();
        }
    }

    private RowComparison() {}

    /** Each expected row matched by one equal actual row, whatever their order. */
    static Difference unordered(List<TestRow> expected, List<TestRow> actual) {
        List<TestRow> unmatched = new ArrayList<>(actual);
        List<TestRow> missing = new ArrayList<>();
        for (TestRow row : expected) {
            if (!unmatched.remove(row)) {
                missing.add(row);
            }
        }
        return new Difference(missing, unmatched);
    }

    /**
     * Position by position: where the rows at a position differ, the expected one is missing and the actual one
     * unexpected; rows past the end of the shorter list are missing or unexpected.
     */
    static Difference ordered(List<TestRow> expected, List<TestRow> actual) {
        List<TestRow> missing = new ArrayList<>();
        List<TestRow> unexpected = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            TestRow want = i < expected.size() ? expected.get(i) : null;
            TestRow got = i < actual.size() ? actual.get(i) : null;
            if (want != null && want.equals(got)) {
                continue;
            }
            if (want != null) {
                missing.add(want);
            }
            if (got != null) {
                unexpected.add(got);
            }
        }
        return new Difference(missing, unexpected);
    }

    /**
     * The result a changelog leaves once applied, in the order its rows were first added: an insert or update-after
     * adds its row, an update-before or delete takes away one equal row.
     */
    static List<TestRow> materialize(List<TestRow> changelog) {
        List<TestRow> result = new ArrayList<>();
        for (TestRow change : changelog) {
            TestRow row = change.withoutKind();
            if ("-U".equals(change.kind()) || "-D".equals(change.kind())) {
                removeLast(result, row);
            } else {
                result.add(row);
            }
        }
        return result;
    }

    /** The latest equal row goes: a retraction follows the row it retracts. */
    private static void removeLast(List<TestRow> rows, TestRow row) {
        int at = rows.lastIndexOf(row);
        if (at >= 0) {
            rows.remove(at);
        }
    }
}
