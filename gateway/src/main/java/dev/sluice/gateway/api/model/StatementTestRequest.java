package dev.sluice.gateway.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

import javax.annotation.Nullable;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/statements:test}: a script whose last statement (a query or an INSERT) runs on the given rows of
 * each table it reads, and the rows it should produce. {@code watermarks} is reserved for explicit watermark rows;
 * today every table's watermark comes from its WATERMARK clause ({@code "table"}, the default).
 */
public record StatementTestRequest(
        String sql,
        @Nullable Map<String, List<JsonNode>> inputs,
        @Nullable Map<String, String> watermarks,
        @Nullable List<JsonNode> expected,
        @Nullable Boolean ordered,
        @Nullable Boolean changelog) {

    /** The one way a table's watermark is made today: as its WATERMARK clause says, after every row. */
    public static final String TABLE_WATERMARK = "table";

    public StatementTestRequest {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required: the DDL of the statement's tables, then the INSERT or SELECT to test.",
                    null);
        }
        inputs = inputs == null ? Map.of() : inputs;
        watermarks = watermarks == null ? Map.of() : watermarks;
        checkWatermarks("watermarks", watermarks);
        expected = expected == null ? List.of() : expected;
    }

    /** Each table's way of making watermarks, one this gateway knows; {@code field} is where the map stands. */
    public static void checkWatermarks(String field, Map<String, String> watermarks) {
        watermarks.forEach((table, how) -> {
            if (!TABLE_WATERMARK.equals(how)) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field + "." + table,
                        "Field '" + field + "." + table + "' is " + (how == null ? "null" : "'" + how + "'")
                                + "; the only way a test makes watermarks today is \"table\": as the table's WATERMARK says, after every row.",
                        "Leave 'watermarks' out; to make a row late, put it after rows whose event time is past it plus the delay.");
            }
        });
    }
}
