package dev.sluice.gateway.pipeline.statement;

import dev.sluice.gateway.error.SqlPosition;

import static java.util.Objects.requireNonNull;

/**
 * One statement of a script: its text (without the closing {@code ;}) and where that text starts in the script, so
 * positions that Flink reports relative to the statement can be turned into positions in the script.
 */
public record ScriptStatement(String sql, int offset, int line, int column) {

    public ScriptStatement {
        requireNonNull(sql, "sql is null");
        if (offset < 0 || line < 1 || column < 1) {
            throw new IllegalArgumentException("Statement start must be 1-based: " + line + ":" + column);
        }
    }

    /** A statement that is the whole text, as the Flink-compatible endpoint receives it. */
    public static ScriptStatement whole(String sql) {
        return new ScriptStatement(sql, 0, 1, 1);
    }

    /** Moves a position reported relative to this statement into the script. */
    public SqlPosition toScript(SqlPosition inStatement) {
        return new SqlPosition(
                line + inStatement.line() - 1,
                inStatement.line() == 1 ? column + inStatement.column() - 1 : inStatement.column(),
                line + inStatement.endLine() - 1,
                inStatement.endLine() == 1 ? column + inStatement.endColumn() - 1 : inStatement.endColumn());
    }

    /** The statement's whole text, as a range in the script. */
    public SqlPosition span() {
        String[] lines = sql.split("\r\n|\r|\n", -1);
        String last = lines[lines.length - 1];
        return toScript(new SqlPosition(1, 1, lines.length, Math.max(1, last.length())));
    }

    /** Characters [start, end) of this statement's text as a position in the script; lines end as in SqlScript. */
    public SqlPosition rangeToScript(int start, int end) {
        int[] from = lineAndColumn(start);
        int[] to = lineAndColumn(Math.max(start, end - 1));
        return toScript(new SqlPosition(from[0], from[1], to[0], to[1]));
    }

    /**
     * The index in this statement's text of the character at {@code inScript}'s start, or -1 when that start is not in
     * this statement: the inverse of {@link #rangeToScript}.
     */
    public int offsetOf(SqlPosition inScript) {
        int wantedLine = inScript.line() - line + 1;
        int wantedColumn = wantedLine == 1 ? inScript.column() - column + 1 : inScript.column();
        int lineInStatement = 1;
        int columnInStatement = 1;
        for (int i = 0; i < sql.length(); i++) {
            if (lineInStatement == wantedLine && columnInStatement == wantedColumn) {
                return i;
            }
            if (endsLine(i)) {
                lineInStatement++;
                columnInStatement = 1;
            } else if (sql.charAt(i) != '\r') {
                columnInStatement++;
            }
        }
        return -1;
    }

    private int[] lineAndColumn(int offset) {
        int lineInStatement = 1;
        int columnInStatement = 1;
        for (int i = 0; i < offset && i < sql.length(); i++) {
            if (endsLine(i)) {
                lineInStatement++;
                columnInStatement = 1;
            } else if (sql.charAt(i) != '\r') {
                columnInStatement++;
            }
        }
        return new int[] {lineInStatement, columnInStatement};
    }

    /** A line ends at LF, CR LF (at its LF) or a lone CR, as in SqlScript; the CR of a CR LF takes no column. */
    private boolean endsLine(int i) {
        char c = sql.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 >= sql.length() || sql.charAt(i + 1) != '\n'));
    }
}
