package dev.sluice.gateway.error;

/**
 * A range in SQL text: 1-based line and column of the first and the last character, inclusive, as Calcite reports
 * them.
 */
public record SqlPosition(int line, int column, int endLine, int endColumn) {

    public SqlPosition {
        if (line < 1 || column < 1 || endLine < line || endColumn < 1 || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException(
                    String.format("Not a valid SQL range: %d:%d-%d:%d", line, column, endLine, endColumn));
        }
    }

    public static SqlPosition at(int line, int column) {
        return new SqlPosition(line, column, line, column);
    }
}
