package dev.sluice.gateway.api;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.InvalidHintException;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.DiagnosticResponse;
import dev.sluice.gateway.api.model.EstimateRequest;
import dev.sluice.gateway.api.model.EstimateResponse;
import dev.sluice.gateway.api.model.HeldResponse;
import dev.sluice.gateway.api.model.ResultPage;
import dev.sluice.gateway.api.model.ScriptResponse;
import dev.sluice.gateway.api.model.SessionRequest;
import dev.sluice.gateway.api.model.SessionResponse;
import dev.sluice.gateway.api.model.StatementRequest;
import dev.sluice.gateway.api.model.StatementResponse;
import dev.sluice.gateway.api.model.ValidationResponse;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.admit.HeldForApproval;
import dev.sluice.gateway.pipeline.statement.Diagnostic;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.session.Listener;
import dev.sluice.gateway.session.SessionService;
import dev.sluice.gateway.sqltest.ScriptTests;
import dev.sluice.gateway.sqltest.TestOutcome;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.validate.NameSuggestions;
import dev.sluice.gateway.validate.ScriptValidator;
import dev.sluice.gateway.validate.ValidationReport;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Sessions, statements and their results. Handlers unpack the request, call the session service, and wrap the
 * answer; they hold no logic of their own beyond that. A session, and so its statements, belong to the token that
 * opened it: with any other token they are 404, as if they did not exist.
 */
public final class StatementsApi implements RouteGroup {

    private static final Pattern EDITOR_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final ScriptValidator validator;
    private final JobTracker jobs;
    private final JobsApi jobsApi;
    private final ScriptTests scriptTests;
    private final Json json = new Json();
    private final int maxRowsPerPage;
    // Statements whose results can still be read, by id. Results live as long as their session.
    private final Map<String, SubmittedStatement> statements = new ConcurrentHashMap<>();

    public StatementsApi(
            SessionService sessions,
            StatementPipeline pipeline,
            ScriptValidator validator,
            JobTracker jobs,
            JobsApi jobsApi,
            ScriptTests scriptTests,
            int maxRowsPerPage) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.jobsApi = requireNonNull(jobsApi, "jobsApi is null");
        this.scriptTests = requireNonNull(scriptTests, "scriptTests is null");
        this.maxRowsPerPage = maxRowsPerPage;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(
                        HandlerType.POST, "/api/v1/sessions", Access.AUTHENTICATED, "session.open", this::openSession),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/sessions/{sessionId}",
                        Access.AUTHENTICATED,
                        "session.close",
                        this::closeSession),
                new Route(
                        HandlerType.POST,
                        "/api/v1/statements",
                        Access.AUTHENTICATED,
                        "statements.run",
                        this::runScript),
                new Route(
                        HandlerType.POST,
                        "/api/v1/statements:validate",
                        Access.AUTHENTICATED,
                        "statements.validate",
                        this::validateScript),
                new Route(
                        HandlerType.POST,
                        "/api/v1/statements:estimate",
                        Access.AUTHENTICATED,
                        "statements.estimate",
                        this::estimateScript),
                new Route(
                        HandlerType.GET,
                        "/api/v1/statements/{statementId}/results",
                        Access.AUTHENTICATED,
                        null,
                        this::results),
                new Route(
                        HandlerType.DELETE,
                        "/api/v1/statements/{statementId}",
                        Access.AUTHENTICATED,
                        "statement.cancel",
                        this::cancel));
    }

    void openSession(Context ctx) {
        SessionRequest request =
                ctx.body().isBlank() ? new SessionRequest(Map.of()) : json.read(ctx.body(), SessionRequest.class);
        String sessionId = sessions.open(ApiServer.caller(ctx), Listener.API, request.properties())
                .getIdentifier()
                .toString();
        ApiServer.auditTarget(ctx, "session " + sessionId);
        ctx.status(201).json(new SessionResponse(sessionId));
    }

    void closeSession(Context ctx) {
        SessionHandle session = session(ctx.pathParam("sessionId"), "sessionId", ApiServer.caller(ctx));
        sessions.close(session);
        statements.values().removeIf(statement -> statement.session().equals(session));
        ctx.status(204);
    }

    void runScript(Context ctx) {
        StatementRequest request = json.read(ctx.body(), StatementRequest.class);
        List<ScriptStatement> script = SqlScript.split(request.sql());
        if (script.isEmpty()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "sql",
                    "The script holds no statement, only comments or white space.",
                    null);
        }
        Principal caller = ApiServer.caller(ctx);
        if (!request.tests().isEmpty()) {
            requirePassing(request, caller);
        }
        SessionHandle session = request.sessionId() == null
                ? sessions.open(caller, Listener.API, Map.of())
                : session(request.sessionId(), "sessionId", caller);
        ApiServer.auditTarget(ctx, "session " + session.getIdentifier());
        List<StatementResponse> responses = new ArrayList<>(script.size());
        for (ScriptStatement statement : script) {
            SubmittedStatement submitted;
            try {
                submitted = sessions.submit(session, statement, new Configuration());
            } catch (HeldForApproval held) {
                // Not an error: the request was taken and waits for an admin. What follows may depend on it, so
                // the script stops here.
                ApiServer.auditApproval(ctx, held.approvalId());
                ctx.status(202)
                        .json(new HeldResponse(
                                "PENDING_APPROVAL",
                                held.approvalId(),
                                held.exceeded(),
                                session.getIdentifier().toString(),
                                responses));
                return;
            }
            pipeline.awaitSubmission(submitted);
            statements.put(submitted.id(), submitted);
            responses.add(describe(submitted));
        }
        ctx.json(new ScriptResponse(session.getIdentifier().toString(), responses));
    }

    /**
     * Runs the test cases sent with a script before any of it runs; one that fails stops the script. Passing, they are
     * recorded as its last statement's passing test, which a policy may require before an INSERT runs.
     */
    private void requirePassing(StatementRequest request, Principal caller) {
        List<TestOutcome> outcomes = scriptTests
                .run(
                        request.tests().stream()
                                .map(test -> test.toTest(request.sql()))
                                .toList(),
                        caller,
                        "tests")
                .cases();
        for (int i = 0; i < outcomes.size(); i++) {
            TestOutcome outcome = outcomes.get(i);
            if (!outcome.passed()) {
                String why = outcome.diagnostics().stream()
                        .filter(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ERROR)
                        .findFirst()
                        .map(Diagnostic::message)
                        .orElse(outcome.missing().size() + " expected row(s) missing, "
                                + outcome.unexpected().size() + " unexpected row(s)");
                throw GatewayException.forField(
                        ErrorCode.STATEMENT_TEST_FAILED,
                        "tests[" + i + "]",
                        "Test case '" + request.tests().get(i).name() + "' failed (" + why
                                + "), so no statement of the script ran.",
                        "POST /api/v1/statements:test with the script and this case shows its rows; fix the"
                                + " statement or the case.");
            }
        }
    }

    void validateScript(Context ctx) {
        StatementRequest request = json.read(ctx.body(), StatementRequest.class);
        Principal caller = ApiServer.caller(ctx);
        SessionHandle context = request.sessionId() == null ? null : session(request.sessionId(), "sessionId", caller);
        if (!request.tests().isEmpty()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "tests",
                    "Validation runs no test cases.",
                    "Run test cases with POST /api/v1/statements:test, or send them with POST /api/v1/statements.");
        }
        ValidationReport report = validator.validate(request.sql(), caller, context, lints(ctx), editor(ctx));
        ctx.json(new ValidationResponse(
                report.valid(),
                report.diagnostics().stream().map(StatementsApi::toResponse).toList(),
                report.linted(),
                report.superseded() ? Boolean.TRUE : null));
    }

    /**
     * {@code ?editor=ID}: the editor (tab) the script is typed in, so that its newer validation supersedes its older
     * one still waiting for a worker.
     */
    @Nullable
    private static String editor(Context ctx) {
        String value = ctx.queryParam("editor");
        if (value == null || EDITOR_ID.matcher(value).matches()) {
            return value;
        }
        throw GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                "editor",
                "Query parameter 'editor' is not 1 to 64 letters, digits, '-' or '_'.",
                "Name each editor tab with an id of its own, such as a UUID, or leave the parameter out.");
    }

    /**
     * {@code ?lints=false}: answer parse, validation and policy errors without planning, as an editor wants them at
     * each keystroke; the lints follow from a request without it.
     */
    private static boolean lints(Context ctx) {
        String value = ctx.queryParam("lints");
        if (value == null || value.equals("true")) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                "lints",
                "Query parameter 'lints' is '" + value + "'; it is true or false.",
                "Leave it out to plan and lint, or send lints=false for errors only.");
    }

    /**
     * Validates, plans and estimates like {@link #validateScript}, on the same validation thread and scratch session.
     * Rates for a table no statement reads are the caller's mistake (a typo would silently fall back to defaults).
     */
    void estimateScript(Context ctx) {
        EstimateRequest request = json.read(ctx.body(), EstimateRequest.class);
        Map<String, SourceHints> hints = hints(request.rates());
        Principal caller = ApiServer.caller(ctx);
        SessionHandle context = request.sessionId() == null ? null : session(request.sessionId(), "sessionId", caller);
        ValidationReport report = validator.estimate(request.sql(), caller, context, hints);
        List<Diagnostic> diagnostics = new ArrayList<>(report.diagnostics());
        if (report.valid() && report.estimates().isEmpty()) {
            diagnostics.add(new Diagnostic(
                    Diagnostic.Severity.WARNING,
                    "NOTHING_TO_ESTIMATE",
                    "The script has no query and no INSERT, so there is nothing to estimate.",
                    null,
                    "Add the SELECT or INSERT INTO whose resources you want to know, after the DDL it needs."));
        } else if (report.valid()) {
            Set<String> read = new TreeSet<>();
            report.estimates()
                    .forEach(estimate -> read.addAll(estimate.estimate().sourceTables()));
            for (String table : hints.keySet()) {
                if (!read.contains(table)) {
                    throw GatewayException.forField(
                            ErrorCode.INVALID_REQUEST,
                            "rates." + table,
                            "The script reads no table named '" + table + "'; it reads " + String.join(", ", read)
                                    + ".",
                            NameSuggestions.didYouMean(table, read.stream())
                                    .orElse("Give rates for the tables the script reads, by the names it uses."));
                }
            }
        }
        ctx.json(new EstimateResponse(
                report.valid(),
                diagnostics.stream().map(StatementsApi::toResponse).toList(),
                report.estimates().isEmpty()
                        ? null
                        : Estimate.combine(report.estimates().stream()
                                .map(estimate -> estimate.estimate().totals())
                                .toList()),
                report.estimates().stream()
                        .map(estimate -> new EstimateResponse.StatementEstimate(
                                estimate.statement().line(),
                                estimate.statement().column(),
                                estimate.estimate()))
                        .toList()));
    }

    /** The request's rates as the estimator's hints; a value it refuses is reported with its full field path. */
    private static Map<String, SourceHints> hints(Map<String, EstimateRequest.Rates> rates) {
        Map<String, SourceHints> hints = new LinkedHashMap<>();
        rates.forEach((table, given) -> {
            if (given == null) {
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        "rates." + table,
                        "Field 'rates." + table + "' must be an object.",
                        "E.g. {\"eventsPerSecond\": 1000}.");
            }
            try {
                hints.put(
                        table,
                        new SourceHints(
                                given.eventsPerSecond(),
                                given.avgRowBytes(),
                                given.distinctKeys(),
                                given.outOfOrderness()));
            } catch (InvalidHintException e) {
                String field = "rates." + table + "." + e.field();
                throw GatewayException.forField(
                        ErrorCode.INVALID_REQUEST,
                        field,
                        "Field '" + field + "' "
                                + e.getMessage().substring(e.field().length() + 1),
                        "Rates are per second, sizes in bytes, durations ISO-8601 (\"PT5S\").");
            }
        });
        return hints;
    }

    static DiagnosticResponse toResponse(Diagnostic diagnostic) {
        SqlPosition position = diagnostic.position();
        return new DiagnosticResponse(
                diagnostic.severity().name().toLowerCase(java.util.Locale.ROOT),
                diagnostic.code(),
                diagnostic.message(),
                position == null ? null : position.line(),
                position == null ? null : position.column(),
                position == null ? null : position.endLine(),
                position == null ? null : position.endColumn(),
                diagnostic.hint());
    }

    void results(Context ctx) {
        SubmittedStatement statement = statement(ctx.pathParam("statementId"), ApiServer.caller(ctx));
        long token = token(ctx.queryParam("token"));
        ResultSet page;
        try {
            page = sessions.fetchResults(statement.session(), statement.operation(), token, maxRowsPerPage);
        } catch (SqlGatewayException e) {
            throw resultError(e, statement, token);
        }
        ResultRows rows = new ResultRows(page.getResultSchema());
        String status = switch (page.getResultType()) {
            case EOS -> "FINISHED";
            case NOT_READY, PAYLOAD -> "RUNNING";
        };
        Long nextToken = page.getResultType() == ResultSet.ResultType.EOS
                ? null
                : page.getNextToken() == null ? token : page.getNextToken();
        ctx.json(new ResultPage(
                status,
                rows.columns(),
                page.getResultType() == ResultSet.ResultType.PAYLOAD ? rows.rows(page.getData()) : List.of(),
                nextToken,
                page.getJobID() == null ? null : page.getJobID().toHexString()));
    }

    void cancel(Context ctx) {
        SubmittedStatement statement = statement(ctx.pathParam("statementId"), ApiServer.caller(ctx));
        sessions.closeOperation(statement.session(), statement.operation());
        statements.remove(statement.id());
        ctx.status(204);
    }

    private StatementResponse describe(SubmittedStatement submitted) {
        if (submitted.kind() == StatementKind.JOB) {
            return new StatementResponse(
                    submitted.id(),
                    StatementKind.JOB.name(),
                    "SUBMITTED",
                    null,
                    null,
                    null,
                    jobs.find(submitted.id()).map(jobsApi::toResponse).orElse(null));
        }
        // A query's rows keep coming while its job runs; a command's result (e.g. SHOW TABLES) is complete.
        return new StatementResponse(
                submitted.id(),
                submitted.kind().name(),
                submitted.kind() == StatementKind.QUERY ? "RUNNING" : "FINISHED",
                new ResultRows(sessions.resultSchema(submitted.session(), submitted.operation())).columns(),
                submitted.kind() == StatementKind.QUERY ? submitted.resultKey() : null,
                "/api/v1/statements/" + submitted.id() + "/results?token=0",
                null);
    }

    /** An open session of the caller's token; any other (another tenant's, another token's) is a 404. */
    private SessionHandle session(String id, String field, Principal caller) {
        SessionHandle handle = new SessionHandle(uuid(id, field));
        try {
            return sessions.require(handle, caller);
        } catch (GatewayException e) {
            throw GatewayException.forField(
                    ErrorCode.NOT_FOUND,
                    field,
                    "No open session with id " + id + ".",
                    "A session lives on the gateway that opened it, until it closes, goes unused for a while or that gateway stops: open a new one with POST /api/v1/sessions (any gateway will do) and run its statements again.");
        }
    }

    private SubmittedStatement statement(String id, Principal caller) {
        SubmittedStatement statement = statements.get(uuid(id, "statementId").toString());
        if (statement != null) {
            try {
                sessions.require(statement.session(), caller);
                return statement;
            } catch (GatewayException e) {
                // As for a statement that does not exist: the id says nothing of whose it is.
            }
        }
        throw new GatewayException(ErrorCode.NOT_FOUND, "No statement with id " + id + " has results to read.");
    }

    private static UUID uuid(String id, String field) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, field, "'" + id + "' is not a valid id.", null);
        }
    }

    private static long token(String value) {
        if (value == null) {
            return 0;
        }
        try {
            long token = Long.parseLong(value);
            if (token >= 0) {
                return token;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw GatewayException.forField(
                ErrorCode.INVALID_REQUEST,
                "token",
                "'" + value + "' is not a valid token.",
                "Use 0 for the first page, then the nextToken of the page before.");
    }

    private static GatewayException resultError(SqlGatewayException e, SubmittedStatement statement, long token) {
        String message = FlinkErrors.rootMessage(e);
        if (message.startsWith("Expecting token")) {
            return GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "token",
                    message + " (asked for " + token + ").",
                    "Ask for the nextToken of the last page, or the same token again.");
        }
        return FlinkErrors.toGatewayException(e, statement.statement());
    }
}
