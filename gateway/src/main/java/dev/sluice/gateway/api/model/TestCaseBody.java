package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.sqltest.StatementTest;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One statement-test case saved with a script: the fields of {@code POST /api/v1/statements:test} but the SQL, which is
 * the script's. The requests that carry cases check them with {@link #checked}, so that a mistake is named by its
 * place in {@code tests}.
 */
public record TestCaseBody(
        String name,
        @Nullable Map<String, List<JsonNode>> inputs,
        @Nullable Map<String, String> watermarks,
        @Nullable List<JsonNode> expected,
        @Nullable Boolean ordered,
        @Nullable Boolean changelog) {

    /** This case as a test of {@code sql}. */
    public StatementTest toTest(String sql) {
        return new StatementTest(
                sql,
                inputs == null ? Map.of() : inputs,
                watermarks == null ? Map.of() : watermarks,
                expected == null ? List.of() : expected,
                Boolean.TRUE.equals(ordered),
                Boolean.TRUE.equals(changelog));
    }

    /**
     * The cases of {@code tests} (none when absent) with their absent fields at their defaults; a case that could never
     * run is refused by its place ({@code tests[1].name}).
     */
    public static List<TestCaseBody> checked(@Nullable List<TestCaseBody> tests) {
        if (tests == null) {
            return List.of();
        }
        List<TestCaseBody> cases = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tests.size(); i++) {
            String field = "tests[" + i + "]";
            TestCaseBody test = tests.get(i);
            if (test == null) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST, field, "Field '" + field + "' must be a test case object.", null);
            }
            if (test.name() == null || test.name().isBlank()) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field + ".name",
                        "Field '" + field + ".name' is required: what the case shows.",
                        null);
            }
            if (!names.add(test.name())) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field + ".name",
                        "Another case of this script is named '" + test.name() + "'.",
                        "Give each case its own name.");
            }
            Map<String, List<JsonNode>> inputs = test.inputs() == null ? Map.of() : test.inputs();
            inputs.forEach((table, rows) -> objects(rows, field + ".inputs." + table));
            List<JsonNode> expected = test.expected() == null ? List.of() : test.expected();
            objects(expected, field + ".expected");
            Map<String, String> watermarks = test.watermarks() == null ? Map.of() : test.watermarks();
            StatementTestRequest.checkWatermarks(field + ".watermarks", watermarks);
            cases.add(new TestCaseBody(
                    test.name(),
                    inputs,
                    watermarks,
                    expected,
                    Boolean.TRUE.equals(test.ordered()),
                    Boolean.TRUE.equals(test.changelog())));
        }
        return List.copyOf(cases);
    }

    /** Every row a JSON object, as a test reads it. */
    private static void objects(@Nullable List<JsonNode> rows, String field) {
        if (rows == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, field, "Field '" + field + "' must be an array of rows.", null);
        }
        for (int j = 0; j < rows.size(); j++) {
            if (rows.get(j) == null || !rows.get(j).isObject()) {
                String row = field + "[" + j + "]";
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        row,
                        "Field '" + row + "' must be an object of values by column name.",
                        null);
            }
        }
    }
}
