package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.session.SessionService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * Runs one statement of a connection, in this order: a cursor statement is the connection's own; a statement the
 * {@link LocalAnswers} answer is answered here; everything else goes through the session service, and so the same
 * pipeline as on the other listeners, with each {@code $n} replaced by the literal of its bound value. A query's rows
 * stream as Flink makes them; an INSERT or statement set answers with a notice naming its job; a command with its
 * result. Every refusal leaves as a {@link PgException} positioned in the text the client sent.
 */
final class StatementRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementRunner.class);

    /** How an INSERT completes: PostgreSQL's tag for an insert of no rows, as the rows are the job's to write. */
    static final String JOB_TAG = "INSERT 0 0";

    /** What a connection tells the statements it runs, and what they tell it. */
    interface Connection {
        PgSessionView view();

        Interruptions interruptions();

        ZoneId zone();

        boolean rowKinds();

        boolean inTransaction();

        void notice(String message, String detail, String hint);

        void warning(String message, String hint);
    }

    /** What Describe of a statement answers: its parameters' types, and its result's columns (none for a command). */
    record Description(List<PgType> parameterTypes, List<PgColumn> columns) {
        Description {
            parameterTypes = List.copyOf(parameterTypes);
            columns = List.copyOf(columns);
        }
    }

    private final SessionService sessions;
    private final StatementPipeline pipeline;
    private final LocalAnswers answers;
    private final SessionHandle session;
    private final Connection connection;
    private final long maxStatementBytes;
    private final Cursors cursors;
    private final ParameterInference inference;
    private boolean inStatementSet;

    StatementRunner(
            SessionService sessions,
            StatementPipeline pipeline,
            LocalAnswers answers,
            SessionHandle session,
            Connection connection,
            Duration fetchTimeout,
            long maxStatementBytes) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.answers = requireNonNull(answers, "answers is null");
        this.session = requireNonNull(session, "session is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.maxStatementBytes = maxStatementBytes;
        this.cursors = new Cursors(fetchTimeout);
        this.inference = new ParameterInference(sessions, session);
    }

    /**
     * Starts a statement.
     *
     * @param sql one statement, without its closing {@code ;}
     * @param clientOffset where it starts in the text the client sent (a simple query may hold several)
     */
    Execution start(String sql, int clientOffset, BoundParameters parameters) {
        try {
            requireSmallEnough(sql);
            List<Token> tokens = SqlTokens.of(sql);
            Optional<Execution> cursor = cursors.run(
                    sql,
                    tokens,
                    connection.inTransaction(),
                    (query, queryOffset) -> start(query, queryOffset, parameters));
            if (cursor.isPresent()) {
                return cursor.get();
            }
            if (!endsStatementSet(tokens)) {
                Optional<PgResult> answer =
                        answers.answer(sql, parameters.values(connection.zone()), connection.view());
                if (answer.isPresent()) {
                    return new LocalExecution(answer.get());
                }
            }
            return flink(sql, tokens, parameters);
        } catch (PgException e) {
            throw e.position() > 0 ? e.at(e.position() + clientOffset) : e;
        } catch (GatewayException e) {
            // Refused before any text was replaced (e.g. too large): positions count in the statement itself.
            throw PgErrors.of(e, sql, offset -> offset + clientOffset);
        }
    }

    /** Describe of a prepared statement: what its parameters and result are, without running it. */
    Description describe(String sql, List<PgType> declared) {
        List<Token> tokens = SqlTokens.of(sql);
        List<PgType> parameterTypes = new ArrayList<>(Collections.nCopies(
                Math.max(declared.size(), Placeholders.of(sql).count()), PgType.TEXT));
        for (int i = 0; i < declared.size(); i++) {
            if (declared.get(i) != null) {
                parameterTypes.set(i, declared.get(i));
            }
        }
        if (tokens.isEmpty()
                || tokens.get(0).isWord("DECLARE")
                || tokens.get(0).isWord("FETCH")
                || tokens.get(0).isWord("MOVE")
                || tokens.get(0).isWord("CLOSE")
                || endsStatementSet(tokens)) {
            return new Description(parameterTypes, List.of());
        }
        Optional<PgResult> answer =
                answers.answer(sql, Collections.nCopies(parameterTypes.size(), null), connection.view());
        if (answer.isPresent()) {
            return new Description(parameterTypes, answer.get().columns());
        }
        EditedText casts = PgCasts.rewrite(sql, connection.zone());
        Placeholders placeholders = Placeholders.of(casts.sql());
        ParameterInference.Inferred inferred;
        try {
            inferred = inference.infer(placeholders, declaredFlinkTypes(declared), casts::originalOffset);
        } catch (PgException e) {
            if (placeholders.count() == 0) {
                throw e;
            }
            // Flink could not validate it with ? in place of values (e.g. a DDL statement): the run will tell.
            return new Description(parameterTypes, List.of());
        }
        inferred.types().forEach((n, type) -> {
            if (n <= parameterTypes.size() && (n > declared.size() || declared.get(n - 1) == null)) {
                parameterTypes.set(n - 1, PgTypes.of(type));
            }
        });
        return new Description(
                parameterTypes, inferred.schema().map(this::columns).orElse(List.of()));
    }

    /** A query's columns as the connection will send them: with the row kind first when it asked for it. */
    private List<PgColumn> columns(ResolvedSchema schema) {
        List<PgColumn> columns = new ArrayList<>();
        if (connection.rowKinds()) {
            columns.add(new PgColumn("row_kind", PgType.TEXT));
        }
        columns.addAll(new FlinkRows(schema).columns());
        return columns;
    }

    private boolean endsStatementSet(List<Token> tokens) {
        return inStatementSet && tokens.size() == 1 && tokens.get(0).isWord("END");
    }

    private Execution flink(String sql, List<Token> tokens, BoundParameters parameters) {
        EditedText casts = PgCasts.rewrite(sql, connection.zone());
        Placeholders placeholders = Placeholders.of(casts.sql());
        if (placeholders.count() > parameters.count()) {
            throw new PgException(
                    SqlState.UNDEFINED_PARAMETER,
                    "there is no parameter $" + (parameters.count() + 1),
                    null,
                    "Bind a value to each $n (the simple query protocol binds none).",
                    0);
        }
        EditedText text = placeholders.replace(literals(placeholders, parameters, casts));
        IntUnaryOperator toClient = offset -> casts.originalOffset(text.originalOffset(offset));
        ScriptStatement statement = ScriptStatement.whole(text.sql());
        SubmittedStatement submitted;
        try {
            submitted = sessions.submit(session, statement, new Configuration());
        } catch (GatewayException e) {
            throw PgErrors.of(e, text.sql(), toClient);
        }
        try {
            pipeline.awaitSubmission(submitted);
            // A cancel request that came while the statement was checked and submitted stops it now.
            connection.interruptions().check();
            return switch (submitted.kind()) {
                case QUERY ->
                    new FlinkQuery(
                            sessions,
                            submitted,
                            connection.rowKinds(),
                            connection.interruptions(),
                            () -> connection.warning(
                                    "The result is updating: rows it retracts or replaces (-U, -D) are not shown.",
                                    "SET " + ClientParameters.ROW_KIND
                                            + " = on to receive every change with its kind (+I, -U, +U, -D)"
                                            + " as the first column."));
                case JOB -> job(submitted);
                case COMMAND -> command(submitted, tokens);
            };
        } catch (GatewayException e) {
            closeQuietly(submitted);
            throw PgErrors.of(e, text.sql(), toClient);
        } catch (RuntimeException e) {
            closeQuietly(submitted);
            throw e;
        }
    }

    /** Each {@code $n}'s literal, of the type the client named, else the type Flink infers for it, else a string. */
    private IntFunction<String> literals(Placeholders placeholders, BoundParameters parameters, EditedText casts) {
        if (placeholders.count() == 0) {
            return n -> {
                throw new IllegalStateException("No parameters to replace");
            };
        }
        Map<Integer, LogicalType> declared = declaredFlinkTypes(parameters.declared());
        Map<Integer, LogicalType> inferred =
                parameters.needsInference() ? inferOrNone(placeholders, declared, casts) : Map.of();
        List<Object> values = parameters.values(
                i -> {
                    if (parameters.declared().get(i) != null) {
                        return parameters.declared().get(i);
                    }
                    LogicalType type = inferred.get(i + 1);
                    return type == null ? PgType.TEXT : PgTypes.of(type);
                },
                connection.zone());
        return n -> {
            Object value = values.get(n - 1);
            // A type the client named decides; numeric, named without a precision, has the value's own.
            LogicalType type = parameters.declared().get(n - 1) != null ? declared.get(n) : inferred.get(n);
            if (type == null && value instanceof BigDecimal decimal) {
                type = FlinkLiterals.decimalTypeOf(decimal);
            } else if (type == null && value instanceof Double) {
                type = new DoubleType();
            }
            return FlinkLiterals.of(value, type == null ? new VarCharType(VarCharType.MAX_LENGTH) : type);
        };
    }

    /** The inferred types, or none when Flink cannot validate the statement with ? in it: the values are then strings. */
    private Map<Integer, LogicalType> inferOrNone(
            Placeholders placeholders, Map<Integer, LogicalType> declared, EditedText casts) {
        try {
            return inference
                    .infer(placeholders, declared, casts::originalOffset)
                    .types();
        } catch (PgException e) {
            LOG.debug("Parameter types could not be inferred: {}", e.getMessage());
            return Map.of();
        }
    }

    private static Map<Integer, LogicalType> declaredFlinkTypes(List<PgType> declared) {
        Map<Integer, LogicalType> types = new HashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            PgType type = declared.get(i);
            if (type != null) {
                int n = i + 1;
                PgTypes.flinkTypeOf(type).ifPresent(flinkType -> types.put(n, flinkType));
            }
        }
        return types;
    }

    /** An INSERT or statement set: its job started, which a notice names; the statement completes at once. */
    private Execution job(SubmittedStatement submitted) {
        List<List<Object>> rows = readAll(submitted).rows();
        closeQuietly(submitted);
        inStatementSet = false;
        String flinkJob = rows.isEmpty() ? "?" : String.valueOf(rows.get(0).get(0));
        connection.notice(
                "Job " + submitted.id() + " started (Flink job " + flinkJob + ").",
                "Sluice job " + submitted.id() + " runs Flink job " + flinkJob + " detached from this connection.",
                "Follow it with SHOW JOBS or GET /api/v1/jobs/" + submitted.id() + "; stop it with STOP JOB '"
                        + flinkJob + "'.");
        return new LocalExecution(PgResult.command(JOB_TAG));
    }

    /** DDL, SET, USE, SHOW, EXPLAIN...: complete when it answers; a result with content is sent as rows. */
    private Execution command(SubmittedStatement submitted, List<Token> tokens) {
        PgResult result = readAll(submitted);
        closeQuietly(submitted);
        if (tokens.size() >= 3
                && tokens.get(0).isWord("BEGIN")
                && tokens.get(1).isWord("STATEMENT")
                && tokens.get(2).isWord("SET")) {
            inStatementSet = true;
        }
        return new LocalExecution(result.hasResult() ? result : PgResult.command(commandTag(tokens)));
    }

    /** Every row of a command's or job's result (complete once submitted), without content for a plain OK. */
    private PgResult readAll(SubmittedStatement submitted) {
        ResolvedSchema schema = sessions.resultSchema(submitted.session(), submitted.operation());
        FlinkRows flinkRows = new FlinkRows(schema);
        List<List<Object>> rows = new ArrayList<>();
        long token = 0;
        ResultKind kind = ResultKind.SUCCESS_WITH_CONTENT;
        while (true) {
            ResultSet page;
            try {
                page = sessions.fetchResults(submitted.session(), submitted.operation(), token, 1000);
            } catch (RuntimeException e) {
                throw FlinkErrors.toGatewayException(e, submitted.statement());
            }
            if (page.getResultKind() != null) {
                kind = page.getResultKind();
            }
            if (page.getResultType() == ResultSet.ResultType.EOS) {
                break;
            }
            if (page.getResultType() == ResultSet.ResultType.PAYLOAD) {
                page.getData().forEach(row -> rows.add(flinkRows.values(row)));
                token = page.getNextToken() == null ? token + 1 : page.getNextToken();
            } else {
                connection.interruptions().pause(10);
            }
        }
        return kind == ResultKind.SUCCESS ? PgResult.command("") : PgResult.rows(flinkRows.columns(), rows);
    }

    /** A command's tag as PostgreSQL would write it: CREATE TABLE, DROP VIEW, SET, ... */
    static String commandTag(List<Token> tokens) {
        List<String> words = tokens.stream()
                .takeWhile(token -> token.kind() == Kind.WORD)
                .map(token -> token.value().toUpperCase(Locale.ROOT))
                .toList();
        if (words.isEmpty()) {
            return "OK";
        }
        String verb = words.get(0);
        if (verb.equals("BEGIN") && words.size() >= 3 && words.get(1).equals("STATEMENT")) {
            return "BEGIN STATEMENT SET";
        }
        if (verb.equals("CREATE") || verb.equals("DROP") || verb.equals("ALTER")) {
            for (String word : words.subList(1, words.size())) {
                if (!List.of("OR", "REPLACE", "TEMPORARY", "TEMP", "SYSTEM").contains(word)) {
                    return verb + " " + word;
                }
            }
        }
        return verb;
    }

    private void requireSmallEnough(String sql) {
        long bytes = sql.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxStatementBytes) {
            throw new GatewayException(
                    ErrorCode.STATEMENT_TOO_LARGE,
                    "The statement has " + bytes + " bytes; at most " + maxStatementBytes + " are accepted.",
                    null,
                    null,
                    "Split the statement, e.g. into views, or ask the operator to raise sluice.api.max-body-size.",
                    null);
        }
    }

    private void closeQuietly(SubmittedStatement submitted) {
        try {
            sessions.closeOperation(submitted.session(), submitted.operation());
        } catch (RuntimeException e) {
            LOG.debug("Closing operation {} failed: {}", submitted.id(), e.getMessage());
        }
    }

    /** Closes the cursors that end with the transaction block. */
    void transactionEnded() {
        cursors.transactionEnded();
    }

    @Override
    public void close() {
        cursors.close();
    }
}
