package dev.sluice.gateway.api.model;

/** {@code POST /api/v1/statements:describeTest}: the script whose test cases are to be written. */
public record DescribeTestRequest(String sql) {

    public DescribeTestRequest {
        StatementTestRequest.checkSql(sql);
    }
}
