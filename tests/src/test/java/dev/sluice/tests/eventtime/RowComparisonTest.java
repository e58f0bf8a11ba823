package dev.sluice.tests.eventtime;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowComparisonTest {
    private static final List<String> EXPECTED = List.of("+I[a, 1]", "+I[b, 2]", "+I[b, 2]");

    @Test
    void unorderedRowsMatchInAnyOrderButCountDuplicates() {
        assertThat(RowComparison.mismatch(EXPECTED, List.of("+I[b, 2]", "+I[a, 1]", "+I[b, 2]"), false))
                .isEmpty();
        assertThat(RowComparison.mismatch(EXPECTED, List.of("+I[a, 1]", "+I[b, 2]"), false))
                .hasValue("""
                missing (expected, not produced) (1):
                  +I[b, 2]
                expected (3):
                  +I[a, 1]
                  +I[b, 2]
                  +I[b, 2]
                actual (2):
                  +I[a, 1]
                  +I[b, 2]
                """);
    }

    @Test
    void orderedRowsMustKeepTheirOrder() {
        assertThat(RowComparison.mismatch(EXPECTED, EXPECTED, true)).isEmpty();
        assertThat(RowComparison.mismatch(EXPECTED, List.of("+I[b, 2]", "+I[a, 1]", "+I[b, 2]"), true))
                .hasValueSatisfying(report -> assertThat(report).startsWith("same rows in another order\n"));
    }

    @Test
    void namesExtraRows() {
        assertThat(RowComparison.mismatch(List.of("+I[a, 1]"), List.of("+I[a, 1]", "-U[a, 1]"), false))
                .hasValueSatisfying(
                        report -> assertThat(report).startsWith("extra (produced, not expected) (1):\n  -U[a, 1]\n"));
    }
}
