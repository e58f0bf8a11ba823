package dev.sluice.gateway.pipeline.lint;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds where a statement names a table, so a lint about a table can point at it rather than at the statement. */
final class StatementText {

    private StatementText() {}

    /** The first place the statement names the table (plain or quoted), or the whole statement if it does not. */
    static SqlPosition positionOf(ScriptStatement statement, String tableName) {
        Matcher name = Pattern.compile(
                        "(?<![\\w`])`?" + Pattern.quote(tableName) + "`?(?![\\w`])", Pattern.CASE_INSENSITIVE)
                .matcher(statement.sql());
        if (!name.find()) {
            return statement.span();
        }
        return statement.rangeToScript(name.start(), name.end());
    }
}
