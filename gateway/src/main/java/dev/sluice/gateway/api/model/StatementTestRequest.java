package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.sqltest.StatementTest;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/statements:test}: a script whose last statement (a query or an INSERT) runs on the given rows of
 * each table it reads, and the rows it should produce. {@code watermarks} says how each table's watermarks are made:
 * from its WATERMARK clause ({@code "table"}, the default) or from watermark entries among its rows ({@code "explicit"}).
 * {@code lookups} answers the enrichment functions the statement calls from given rows instead of their stores.
 */
public record StatementTestRequest(
        String sql,
        @Nullable Map<String, List<JsonNode>> inputs,
        @Nullable Map<String, String> watermarks,
        @Nullable List<JsonNode> expected,
        @Nullable Boolean ordered,
        @Nullable Boolean changelog,
        @Nullable Map<String, List<JsonNode>> lookups) {

    public StatementTestRequest {
        checkSql(sql);
        inputs = inputs == null ? Map.of() : inputs;
        watermarks = watermarks == null ? Map.of() : watermarks;
        checkWatermarks("watermarks", watermarks);
        expected = expected == null ? List.of() : expected;
        lookups = lookups == null ? Map.of() : lookups;
    }

    /** A test's script is required: its DDL, then the statement under test (also for statements:describeTest). */
    static void checkSql(@Nullable String sql) {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required: the DDL of the statement's tables, then the INSERT or SELECT to test.",
                    null);
        }
    }

    /** Each table's way of making watermarks, one this gateway knows; {@code field} is where the map stands. */
    public static void checkWatermarks(String field, Map<String, String> watermarks) {
        watermarks.forEach((table, how) -> {
            if (!StatementTest.TABLE_WATERMARKS.equals(how) && !StatementTest.EXPLICIT_WATERMARKS.equals(how)) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field + "." + table,
                        "Field '" + field + "." + table + "' is " + (how == null ? "null" : "'" + how + "'")
                                + "; a table's watermarks are \"table\" (as its WATERMARK says, after every row) or"
                                + " \"explicit\" (only the {\"$watermark\": ...} entries among its rows).",
                        null);
            }
        });
    }
}
