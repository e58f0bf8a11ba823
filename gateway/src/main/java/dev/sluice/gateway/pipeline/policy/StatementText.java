package dev.sluice.gateway.pipeline.policy;

import dev.sluice.gateway.error.SqlPosition;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Finds what a denial is about in the statement's text, to point at it: an option, a word. The decision itself is
 * made on what Flink parsed, never on this text; when the text does not show the culprit (it comes from a view or a
 * stored table), the denial points at the whole statement.
 */
final class StatementText {

    // Comments and white space before the statement's first keyword, which a whole-statement position skips.
    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("\\A(?:\\s+|--[^\\r\\n]*|/\\*.*?\\*/)*", Pattern.DOTALL);

    private final ScriptStatement statement;

    StatementText(ScriptStatement statement) {
        this.statement = requireNonNull(statement, "statement is null");
    }

    /** The whole statement, from its first keyword. */
    SqlPosition whole() {
        return range(
                Math.min(codeStart(), statement.sql().length() - 1),
                statement.sql().length());
    }

    /** The first {@code 'key' = 'value'} pair with this key, in any case, else the whole statement. */
    SqlPosition option(String key) {
        return first(Pattern.compile(
                "'\\s*" + Pattern.quote(key) + "\\s*'\\s*=\\s*'(?:[^']|'')*'", Pattern.CASE_INSENSITIVE));
    }

    /** The first occurrence of a word or quoted key, in any case, else the whole statement. */
    SqlPosition word(String word) {
        return first(Pattern.compile("(?<![\\w.$])" + Pattern.quote(word) + "(?![\\w.$])", Pattern.CASE_INSENSITIVE));
    }

    private SqlPosition first(Pattern pattern) {
        Matcher matcher = pattern.matcher(statement.sql());
        return matcher.find(codeStart()) ? range(matcher.start(), matcher.end()) : whole();
    }

    private int codeStart() {
        Matcher comments = LEADING_COMMENTS.matcher(statement.sql());
        return comments.lookingAt() ? comments.end() : 0;
    }

    private SqlPosition range(int start, int end) {
        return statement.rangeToScript(start, end);
    }
}
