package dev.sluice.gateway.pipeline.statement;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.error.StoreFailures;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.sql.parser.error.SqlValidateException;
import org.apache.flink.table.api.SqlParserEOFException;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.planner.parse.CalciteParser;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns what Flink throws for a statement into a {@link GatewayException} that says what is wrong and where in the
 * script. Flink wraps Calcite's exceptions, which carry the positions, several levels deep; this walks the causes
 * to find them. The message is Calcite's own sentence, without Flink's prefixes and without a stack trace.
 */
public final class FlinkErrors {

    private static final int MAX_EXPECTED_TOKENS = 12;

    private FlinkErrors() {}

    public static GatewayException toGatewayException(Throwable failure, ScriptStatement statement) {
        GatewayException alreadyMapped = find(failure, GatewayException.class);
        if (alreadyMapped != null) {
            return alreadyMapped;
        }
        // The catalog and the functions read and write the metadata store while Flink plans and runs the statement.
        Optional<GatewayException> storeFailure = StoreFailures.find(failure);
        if (storeFailure.isPresent()) {
            return storeFailure.get();
        }
        if (find(failure, StackOverflowError.class) != null || isParserOutOfStack(failure)) {
            // No cause: a stack overflow's trace is thousands of frames of nothing useful.
            return new GatewayException(
                    ErrorCode.SQL_TOO_COMPLEX,
                    "The statement nests too deeply to be checked.",
                    statement.toScript(SqlPosition.at(1, 1)),
                    null,
                    "Flatten the deepest expression: fewer nested parentheses, subqueries or chained operators"
                            + " (a CTE or a view can hold a part).",
                    null);
        }
        SqlParseException parse = find(failure, SqlParseException.class);
        if (parse != null) {
            return parseError(parse, statement);
        }
        // Flink's own checks of a parsed statement (e.g. an ENFORCED primary key); a checked exception Flink throws
        // without declaring it.
        SqlValidateException flinkCheck = find(failure, SqlValidateException.class);
        if (flinkCheck != null) {
            SqlParserPos pos = flinkCheck.getErrorPosition();
            SqlPosition inStatement = pos == null
                    ? SqlPosition.at(1, 1)
                    : range(pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
            return new GatewayException(
                    ErrorCode.SQL_VALIDATION,
                    flinkCheck.getMessage(),
                    statement.toScript(inStatement),
                    null,
                    null,
                    failure);
        }
        if (find(failure, SqlParserEOFException.class) != null) {
            return new GatewayException(
                    ErrorCode.SQL_PARSE,
                    "The statement ends before it is complete.",
                    statement.toScript(endOf(statement.sql())),
                    null,
                    "Complete the statement; a string, comment or parenthesis may be left open.",
                    null);
        }
        CalciteContextException context = find(failure, CalciteContextException.class);
        if (context != null) {
            SqlPosition inStatement = range(
                    context.getPosLine(), context.getPosColumn(), context.getEndPosLine(), context.getEndPosColumn());
            String message = context.getCause() != null ? context.getCause().getMessage() : context.getMessage();
            return new GatewayException(
                    ErrorCode.SQL_VALIDATION, message, statement.toScript(inStatement), null, null, failure);
        }
        if (find(failure, SqlParserException.class) != null) {
            return new GatewayException(
                    ErrorCode.SQL_PARSE,
                    rootMessage(failure),
                    statement.toScript(SqlPosition.at(1, 1)),
                    null,
                    null,
                    failure);
        }
        if (find(failure, ValidationException.class) != null) {
            return new GatewayException(
                    ErrorCode.SQL_VALIDATION,
                    rootMessage(failure),
                    statement.toScript(SqlPosition.at(1, 1)),
                    null,
                    null,
                    failure);
        }
        return new GatewayException(ErrorCode.SQL_EXECUTION, rootMessage(failure), null, null, null, failure);
    }

    private static GatewayException parseError(SqlParseException parse, ScriptStatement statement) {
        SqlParserPos pos = parse.getPos();
        SqlPosition inStatement = pos == null
                ? SqlPosition.at(1, 1)
                : range(pos.getLineNum(), pos.getColumnNum(), pos.getEndLineNum(), pos.getEndColumnNum());
        // Calcite's message is "Encountered ... at line L, column C.\nWas expecting one of: ..." with a long list;
        // the first sentence is the message and a short list of what was expected is the hint.
        String message = parse.getMessage() == null ? "The statement cannot be parsed." : parse.getMessage();
        String firstLine = message.lines().findFirst().orElse(message).replaceAll(" at line \\d+, column \\d+", "");
        String hint = expectedTokensHint(parse);
        return new GatewayException(ErrorCode.SQL_PARSE, firstLine, statement.toScript(inStatement), null, hint, parse);
    }

    /**
     * A range as Calcite reports it, where 0 means unknown (a validator error on a node the parser did not make
     * has position 0:0): the statement's start when the start is unknown, the start when the end is.
     */
    private static SqlPosition range(int line, int column, int endLine, int endColumn) {
        if (line < 1 || column < 1) {
            return SqlPosition.at(1, 1);
        }
        if (endLine <= line) {
            return new SqlPosition(line, column, line, Math.max(endColumn, column));
        }
        return new SqlPosition(line, column, endLine, Math.max(endColumn, 1));
    }

    /**
     * Calcite turns a parser's StackOverflowError into a SqlParseException without a message, and Flink's
     * CalciteParser then calls {@code getMessage().contains(...)} on it: that NullPointerException, thrown by
     * CalciteParser itself, is all that is left of the overflow.
     */
    private static boolean isParserOutOfStack(Throwable failure) {
        NullPointerException npe = find(failure, NullPointerException.class);
        return npe != null
                && npe.getStackTrace().length > 0
                && npe.getStackTrace()[0].getClassName().equals(CalciteParser.class.getName());
    }

    private static String expectedTokensHint(SqlParseException parse) {
        String[] images = parse.getTokenImages();
        int[][] sequences = parse.getExpectedTokenSequences();
        if (images == null || sequences == null || sequences.length == 0) {
            return null;
        }
        Set<String> expected = new LinkedHashSet<>();
        for (int[] sequence : sequences) {
            if (sequence.length > 0 && sequence[0] < images.length) {
                expected.add(images[sequence[0]]);
            }
        }
        String shown = expected.stream().limit(MAX_EXPECTED_TOKENS).collect(Collectors.joining(", "));
        return "Expected one of: " + shown + (expected.size() > MAX_EXPECTED_TOKENS ? ", ..." : "") + ".";
    }

    private static SqlPosition endOf(String sql) {
        String[] lines = sql.split("\r\n|\r|\n", -1);
        String last = lines[lines.length - 1];
        return SqlPosition.at(lines.length, Math.max(1, last.length()));
    }

    /** The innermost message, which is the one that names the problem. */
    public static String rootMessage(Throwable failure) {
        Throwable current = failure;
        String message = failure.getMessage();
        Set<Throwable> seen = new HashSet<>(Set.of(failure));
        while (current.getCause() != null && seen.add(current.getCause())) {
            current = current.getCause();
            if (current.getMessage() != null && !current.getMessage().isBlank()) {
                message = current.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message.strip();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
        }
        return null;
    }
}
