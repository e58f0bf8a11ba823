package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/scripts} and {@code PUT /api/v1/scripts/{id}}: a script's name (unique among its owner's
 * scripts), its SQL, and the statement-test cases saved beside it, each run on the script's SQL.
 */
public record ScriptRequest(
        String name, String sql, @Nullable List<TestCaseBody> tests) {

    /** The longest name a script may have, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public ScriptRequest {
        if (name == null || name.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST, "name", "Field 'name' is required: the script's name.", null);
        }
        if (name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "name",
                    "Field 'name' must be at most " + MAX_NAME_LENGTH + " characters, none of them control characters.",
                    null);
        }
        if (sql == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required: the script's statements (\"\" for none yet).",
                    null);
        }
        tests = checked(tests == null ? List.of() : tests);
    }

    /** The cases with their absent fields at their defaults; a case that could never run is refused by its place. */
    private static List<TestCaseBody> checked(List<TestCaseBody> tests) {
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
