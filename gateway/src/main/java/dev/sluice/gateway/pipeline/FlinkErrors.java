package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.flink.table.api.SqlParserEOFException;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.ValidationException;

import java.util.HashSet;
import java.util.LinkedHashSet;
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
        SqlParseException parse = find(failure, SqlParseException.class);
        if (parse != null) {
            return parseError(parse, statement);
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
            SqlPosition inStatement =
                    new SqlPosition(
                            context.getPosLine(),
                            context.getPosColumn(),
                            Math.max(context.getEndPosLine(), context.getPosLine()),
                            context.getEndPosLine() > context.getPosLine()
                                    ? context.getEndPosColumn()
                                    : Math.max(context.getEndPosColumn(), context.getPosColumn()));
            String message = context.getCause() != null ? context.getCause().getMessage() : context.getMessage();
            return new GatewayException(
                    ErrorCode.SQL_VALIDATION, message, statement.toScript(inStatement), null, null, failure);
        }
        if (find(failure, SqlParserException.class) != null) {
            return new GatewayException(
                    ErrorCode.SQL_PARSE, rootMessage(failure), statement.toScript(SqlPosition.at(1, 1)), null, null, failure);
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
        SqlPosition inStatement =
                pos == null || pos.getLineNum() < 1
                        ? SqlPosition.at(1, 1)
                        : new SqlPosition(
                                pos.getLineNum(),
                                pos.getColumnNum(),
                                Math.max(pos.getEndLineNum(), pos.getLineNum()),
                                pos.getEndLineNum() > pos.getLineNum()
                                        ? Math.max(pos.getEndColumnNum(), 1)
                                        : Math.max(pos.getEndColumnNum(), pos.getColumnNum()));
        // Calcite's message is "Encountered ... at line L, column C.\nWas expecting one of: ..." with a long list;
        // the first sentence is the message and a short list of what was expected is the hint.
        String message = parse.getMessage() == null ? "The statement cannot be parsed." : parse.getMessage();
        String firstLine = message.lines().findFirst().orElse(message).replaceAll(" at line \\d+, column \\d+", "");
        String hint = expectedTokensHint(parse);
        return new GatewayException(ErrorCode.SQL_PARSE, firstLine, statement.toScript(inStatement), null, hint, parse);
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
