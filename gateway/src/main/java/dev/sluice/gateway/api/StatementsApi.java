package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.DiagnosticResponse;
import dev.sluice.gateway.api.model.ResultPage;
import dev.sluice.gateway.api.model.ValidationResponse;
import dev.sluice.gateway.api.model.ScriptResponse;
import dev.sluice.gateway.api.model.SessionRequest;
import dev.sluice.gateway.api.model.SessionResponse;
import dev.sluice.gateway.api.model.StatementRequest;
import dev.sluice.gateway.api.model.StatementResponse;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.flinkapi.SluiceSqlGatewayService;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.Diagnostic;
import dev.sluice.gateway.pipeline.FlinkErrors;
import dev.sluice.gateway.pipeline.ScriptStatement;
import dev.sluice.gateway.pipeline.SqlScript;
import dev.sluice.gateway.pipeline.StatementKind;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.validate.ScriptValidator;
import dev.sluice.gateway.pipeline.validate.ValidationReport;
import dev.sluice.gateway.track.JobTracker;
import io.javalin.http.Context;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.session.SessionEnvironment;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.api.utils.SqlGatewayException;
import org.apache.flink.table.gateway.rest.util.SqlGatewayRestAPIVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Sessions, statements and their results. Handlers unpack the request, call the pipeline or Flink's gateway
 * service, and wrap the answer; they hold no logic of their own beyond that.
 */
final class StatementsApi {

    private final SluiceSqlGatewayService gateway;
    private final StatementPipeline pipeline;
    private final ScriptValidator validator;
    private final JobTracker jobs;
    private final JobsApi jobsApi;
    private final Json json;
    private final int maxRowsPerPage;
    // Statements whose results can still be read, by id. Results live as long as their session.
    private final Map<String, SubmittedStatement> statements = new ConcurrentHashMap<>();

    StatementsApi(
            SluiceSqlGatewayService gateway,
            StatementPipeline pipeline,
            ScriptValidator validator,
            JobTracker jobs,
            JobsApi jobsApi,
            Json json,
            int maxRowsPerPage) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.jobsApi = requireNonNull(jobsApi, "jobsApi is null");
        this.json = requireNonNull(json, "json is null");
        this.maxRowsPerPage = maxRowsPerPage;
    }

    void openSession(Context ctx) {
        SessionRequest request = ctx.body().isBlank() ? new SessionRequest(Map.of()) : json.read(ctx.body(), SessionRequest.class);
        ctx.status(201).json(new SessionResponse(openSession(request.properties()).getIdentifier().toString()));
    }

    void closeSession(Context ctx) {
        SessionHandle session = session(ctx.pathParam("sessionId"), "sessionId");
        gateway.closeSession(session);
        statements.values().removeIf(statement -> statement.session().equals(session));
        ctx.status(204);
    }

    void runScript(Context ctx) {
        StatementRequest request = json.read(ctx.body(), StatementRequest.class);
        List<ScriptStatement> script = SqlScript.split(request.sql());
        if (script.isEmpty()) {
            throw GatewayException.forField(ErrorCode.INVALID_REQUEST, "sql", "The script holds no statement, only comments or white space.", null);
        }
        SessionHandle session =
                request.sessionId() == null ? openSession(Map.of()) : session(request.sessionId(), "sessionId");
        List<StatementResponse> responses = new ArrayList<>(script.size());
        for (ScriptStatement statement : script) {
            SubmittedStatement submitted = pipeline.submit(session, statement, new Configuration());
            pipeline.awaitSubmission(submitted);
            statements.put(submitted.id(), submitted);
            responses.add(describe(submitted));
        }
        ctx.json(new ScriptResponse(session.getIdentifier().toString(), responses));
    }

    void validateScript(Context ctx) {
        StatementRequest request = json.read(ctx.body(), StatementRequest.class);
        SessionHandle context = request.sessionId() == null ? null : session(request.sessionId(), "sessionId");
        ValidationReport report = validator.validate(request.sql(), context);
        ctx.json(new ValidationResponse(report.valid(), report.diagnostics().stream().map(StatementsApi::toResponse).toList()));
    }

    private static DiagnosticResponse toResponse(Diagnostic diagnostic) {
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
        SubmittedStatement statement = statement(ctx.pathParam("statementId"));
        long token = token(ctx.queryParam("token"));
        ResultSet page;
        try {
            page = gateway.fetchResults(statement.session(), statement.operation(), token, maxRowsPerPage);
        } catch (SqlGatewayException e) {
            throw resultError(e, statement, token);
        }
        ResultRows rows = new ResultRows(page.getResultSchema());
        String status =
                switch (page.getResultType()) {
                    case EOS -> "FINISHED";
                    case NOT_READY, PAYLOAD -> "RUNNING";
                };
        Long nextToken = page.getResultType() == ResultSet.ResultType.EOS ? null : page.getNextToken() == null ? token : page.getNextToken();
        ctx.json(new ResultPage(
                status,
                rows.columns(),
                page.getResultType() == ResultSet.ResultType.PAYLOAD ? rows.rows(page.getData()) : List.of(),
                nextToken,
                page.getJobID() == null ? null : page.getJobID().toHexString()));
    }

    void cancel(Context ctx) {
        SubmittedStatement statement = statement(ctx.pathParam("statementId"));
        gateway.closeOperation(statement.session(), statement.operation());
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
                    jobs.find(submitted.id()).map(jobsApi::toResponse).orElse(null));
        }
        // A query's rows keep coming while its job runs; a command's result (e.g. SHOW TABLES) is complete.
        return new StatementResponse(
                submitted.id(),
                submitted.kind().name(),
                submitted.kind() == StatementKind.QUERY ? "RUNNING" : "FINISHED",
                new ResultRows(gateway.getOperationResultSchema(submitted.session(), submitted.operation())).columns(),
                "/api/v1/statements/" + submitted.id() + "/results?token=0",
                null);
    }

    private SessionHandle openSession(Map<String, String> properties) {
        return gateway.openAuthenticatedSession(
                SessionEnvironment.newBuilder()
                        .setSessionEndpointVersion(SqlGatewayRestAPIVersion.getDefaultVersion())
                        .addSessionConfig(properties)
                        .build());
    }

    private SessionHandle session(String id, String field) {
        SessionHandle handle = new SessionHandle(uuid(id, field));
        try {
            gateway.getSessionConfig(handle);
        } catch (SqlGatewayException e) {
            throw GatewayException.forField(
                    ErrorCode.NOT_FOUND, field, "No open session with id " + id + ".",
                    "Sessions close after a while without use; open a new one with POST /api/v1/sessions.");
        }
        return handle;
    }

    private SubmittedStatement statement(String id) {
        SubmittedStatement statement = statements.get(uuid(id, "statementId").toString());
        if (statement == null) {
            throw new GatewayException(ErrorCode.NOT_FOUND, "No statement with id " + id + " has results to read.");
        }
        return statement;
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
        throw GatewayException.forField(ErrorCode.INVALID_REQUEST, "token", "'" + value + "' is not a valid token.",
                "Use 0 for the first page, then the nextToken of the page before.");
    }

    private static GatewayException resultError(SqlGatewayException e, SubmittedStatement statement, long token) {
        String message = FlinkErrors.rootMessage(e);
        if (message.startsWith("Expecting token")) {
            return GatewayException.forField(ErrorCode.INVALID_REQUEST, "token", message + " (asked for " + token + ").",
                    "Ask for the nextToken of the last page, or the same token again.");
        }
        return FlinkErrors.toGatewayException(e, statement.statement());
    }
}
