package dev.sluice.gateway.api;

import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.Column;
import dev.sluice.gateway.api.model.DescribeTestRequest;
import dev.sluice.gateway.api.model.StatementTestRequest;
import dev.sluice.gateway.api.model.StatementTestResponse;
import dev.sluice.gateway.api.model.TestDescriptionResponse;
import dev.sluice.gateway.sqltest.StatementTest;
import dev.sluice.gateway.sqltest.StatementTests;
import dev.sluice.gateway.sqltest.TestOutcome;
import dev.sluice.gateway.sqltest.TestRow;
import dev.sluice.gateway.sqltest.TestShape;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Statement tests: the request unpacked, the test run as the caller, its outcome written back. */
public final class StatementTestsApi implements RouteGroup {

    private final StatementTests tests;
    private final Json json = new Json();

    public StatementTestsApi(StatementTests tests) {
        this.tests = requireNonNull(tests, "tests is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                // Runs on the caller's own tenant's catalog and policy; the job is counted as one of its queries.
                new Route(
                        HandlerType.POST,
                        "/api/v1/statements:test",
                        Access.AUTHENTICATED,
                        "statements.test",
                        this::test),
                // The same checks as statements:test, without running anything: the caller's own catalog only.
                new Route(
                        HandlerType.POST,
                        "/api/v1/statements:describeTest",
                        Access.AUTHENTICATED,
                        "statements.describeTest",
                        this::describe));
    }

    void describe(Context ctx) {
        DescribeTestRequest request = json.read(ctx.body(), DescribeTestRequest.class);
        TestShape shape = tests.shape(request.sql(), ApiServer.caller(ctx));
        Map<String, List<Column>> inputs = new LinkedHashMap<>();
        shape.inputs().forEach((table, columns) -> inputs.put(table, columns(columns)));
        ctx.json(new TestDescriptionResponse(
                shape.valid(),
                inputs,
                columns(shape.columns()),
                shape.diagnostics().stream().map(StatementsApi::toResponse).toList()));
    }

    private static List<Column> columns(List<TestOutcome.Column> columns) {
        return columns.stream()
                .map(column -> new Column(column.name(), column.type()))
                .toList();
    }

    void test(Context ctx) {
        StatementTestRequest request = json.read(ctx.body(), StatementTestRequest.class);
        boolean changelog = Boolean.TRUE.equals(request.changelog());
        TestOutcome outcome = tests.run(
                new StatementTest(
                        request.sql(),
                        request.inputs(),
                        request.watermarks(),
                        request.expected(),
                        Boolean.TRUE.equals(request.ordered()),
                        changelog,
                        request.lookups()),
                ApiServer.caller(ctx));
        ctx.json(toResponse(outcome, changelog));
    }

    /** A test's outcome as the API answers it; with {@code changelog}, each row with its kind. */
    static StatementTestResponse toResponse(TestOutcome outcome, boolean changelog) {
        return new StatementTestResponse(
                outcome.passed(),
                columns(outcome.columns()),
                rows(outcome.actual(), changelog),
                rows(outcome.missing(), changelog),
                rows(outcome.unexpected(), changelog),
                outcome.diagnostics().stream().map(StatementsApi::toResponse).toList());
    }

    /** A row as its values by column name; with its kind around it when the test compares the changelog. */
    private static List<Object> rows(List<TestRow> rows, boolean changelog) {
        return rows.stream()
                .map(row -> changelog ? withKind(row) : (Object) row.values())
                .toList();
    }

    private static Map<String, Object> withKind(TestRow row) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("kind", row.kind());
        change.put("row", row.values());
        return change;
    }
}
