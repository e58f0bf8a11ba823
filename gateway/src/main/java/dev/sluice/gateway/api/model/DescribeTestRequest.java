package dev.sluice.gateway.api.model;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;

/** {@code POST /api/v1/statements:describeTest}: the script whose test cases are to be written. */
public record DescribeTestRequest(String sql) {

    public DescribeTestRequest {
        if (sql == null || sql.isBlank()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "Field 'sql' is required: the DDL of the statement's tables, then the INSERT or SELECT to test.",
                    null);
        }
    }
}
