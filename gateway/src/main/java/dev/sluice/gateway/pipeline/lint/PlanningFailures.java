package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Planning failures that are common mistakes, given their own code and a hint that says how to fix them. Flink finds
 * both only when it plans: a sink whose columns do not match the query's, and a window on a column that is not a
 * time attribute.
 */
public final class PlanningFailures {

    private static final Pattern SINK_MISMATCH =
            Pattern.compile("Column types of query result and sink for '([^']+)' do not match\\.\\s*(Cause: [^\\n]*)?"
                    + "(?s).*Query schema: (\\[[^\\n]*\\]).*Sink schema:\\s+(\\[[^\\n]*\\])");
    private static final Pattern NOT_A_TIME_ATTRIBUTE =
            Pattern.compile("The window function requires the timecol is a time attribute type, but is ([^.]+)\\.");
    private static final Pattern WINDOW_COLUMN = Pattern.compile("DESCRIPTOR\\(_UTF-16LE'([^']+)'\\)");
    /** A window's time column as the statement writes it: {@code DESCRIPTOR(ts)} or {@code DESCRIPTOR(`ts`)}. */
    private static final Pattern DESCRIPTOR = Pattern.compile(
            "DESCRIPTOR\\s*\\(\\s*(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_$]*)\\s*\\)", Pattern.CASE_INSENSITIVE);

    private PlanningFailures() {}

    /**
     * The failure with its own code and hint when it is one of these mistakes, else the failure as it is.
     *
     * @param statement what failed, to point a window's mistake at its time column rather than at the statement
     */
    public static GatewayException explain(GatewayException failure, ScriptStatement statement) {
        Matcher sink = SINK_MISMATCH.matcher(failure.getMessage());
        if (sink.find()) {
            String cause = sink.group(2) == null ? "" : " " + sink.group(2).substring("Cause: ".length());
            return new GatewayException(
                    ErrorCode.SINK_SCHEMA_MISMATCH,
                    "The query's columns do not match the columns of sink '" + sink.group(1) + "'." + cause,
                    failure.position(),
                    null,
                    "The sink expects " + sink.group(4) + " but the query gives " + sink.group(3)
                            + "; select the sink's columns in its order instead of SELECT *.",
                    failure);
        }
        Matcher window = NOT_A_TIME_ATTRIBUTE.matcher(failure.getMessage());
        if (window.find()) {
            String column = causeMessages(failure)
                    .flatMap(message -> WINDOW_COLUMN.matcher(message).results())
                    .findFirst()
                    .map(match -> match.group(1))
                    .orElse("<column>");
            return new GatewayException(
                    ErrorCode.WINDOW_WITHOUT_WATERMARK,
                    "The window's time column `" + column + "` is a plain " + window.group(1)
                            + ", not a time attribute: the table declares no watermark for it.",
                    descriptorOf(column, statement).orElse(failure.position()),
                    null,
                    "Declare WATERMARK FOR " + column + " AS " + column
                            + " - INTERVAL '5' SECOND in the table, or window"
                            + " on a processing-time column (proc AS PROCTIME()).",
                    failure);
        }
        return failure;
    }

    /**
     * Where the statement names {@code column} in a window's descriptor. Planning has no positions left; when two
     * windows use a column of that name, the first is taken.
     */
    private static Optional<SqlPosition> descriptorOf(String column, ScriptStatement statement) {
        return DESCRIPTOR
                .matcher(statement.sql())
                .results()
                .filter(descriptor -> unquoted(descriptor.group(1)).equals(column))
                .findFirst()
                .map(descriptor -> statement.rangeToScript(descriptor.start(1), descriptor.end(1)));
    }

    private static String unquoted(String name) {
        return name.startsWith("`") ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    /** Flink names the window's column only in the message of the optimizer rule that failed, further out. */
    private static Stream<String> causeMessages(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        Stream.Builder<String> messages = Stream.builder();
        for (Throwable current = failure; current != null && seen.add(current); current = current.getCause()) {
            Optional.ofNullable(current.getMessage()).ifPresent(messages::add);
        }
        return messages.build();
    }
}
