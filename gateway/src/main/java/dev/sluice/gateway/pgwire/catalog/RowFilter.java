package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.PgException;
import dev.sluice.gateway.pgwire.SqlState;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Keeps the rows of a catalog query that agree with what the client's statement held in its holes: a capture named
 * after a row field must equal it ({@code ?relname}; one of its values when a repeated group captured several), one ending in {@code _like} must match it as a LIKE pattern,
 * {@code _regex} as a regular expression (psql's {@code \d pattern}), and {@code _in} must list it. The label
 * {@code visible} keeps what is in the search path, and {@code typed} (pgjdbc's table types) keeps the relation kinds
 * labelled {@code kind_r}, {@code kind_v}.
 */
final class RowFilter {

    /** Patterns come from the client: long ones are refused, and each match may only take so many steps. */
    private static final int MAX_PATTERN_LENGTH = 512;

    private static final int MAX_MATCH_STEPS = 100_000;

    private final ShapeMatch match;
    private final Supplier<String> currentSchema;

    /** @param currentSchema read only for a statement that asks what is visible */
    RowFilter(ShapeMatch match, Supplier<String> currentSchema) {
        this.match = match;
        this.currentSchema = currentSchema;
    }

    boolean keeps(Map<String, Object> row) {
        for (Map.Entry<String, List<Object>> capture : match.captures().entrySet()) {
            if (!agrees(row, capture.getKey())) {
                return false;
            }
        }
        if (match.hasLabel("visible") && !currentSchema.get().equals(row.get("nspname"))) {
            return false;
        }
        return !match.hasLabel("typed") || match.hasLabel("kind_" + row.get("relkind"));
    }

    private boolean agrees(Map<String, Object> row, String capture) {
        if (capture.endsWith("_in")) {
            Object value = row.get(field(capture, "_in"));
            return match.texts(capture).contains(Objects.toString(value, null));
        }
        if (capture.endsWith("_like")) {
            return matches(
                    row.get(field(capture, "_like")),
                    likeToRegex(match.text(capture).orElse(null)));
        }
        if (capture.endsWith("_regex")) {
            return matches(
                    row.get(field(capture, "_regex")), match.text(capture).orElse(null));
        }
        // A capture in a repeated group holds several values: the row may equal any.
        Object value = row.get(capture);
        return value != null && match.texts(capture).contains(String.valueOf(value));
    }

    private static String field(String capture, String suffix) {
        return capture.substring(0, capture.length() - suffix.length());
    }

    private static boolean matches(Object value, String regex) {
        if (value == null || regex == null) {
            return false;
        }
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw refused(
                    SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "the name pattern is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw refused(SqlState.INVALID_PARAMETER_VALUE, "invalid regular expression: " + e.getDescription());
        }
        return pattern.matcher(new BoundedText(value.toString())).find();
    }

    /** LIKE's {@code %} and {@code _}, with backslash escaping the next character, as a regular expression. */
    static String likeToRegex(String like) {
        if (like == null) {
            return null;
        }
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.append('$').toString();
    }

    private static PgException refused(SqlState state, String message) {
        return new PgException(state, message, "Use a shorter, simpler pattern (psql's * and ?), or none.");
    }

    /** Text whose reads are counted, so that a pattern that backtracks without end stops instead of hanging. */
    private static final class BoundedText implements CharSequence {

        private final String text;
        private final int[] steps;

        BoundedText(String text) {
            this(text, new int[] {0});
        }

        private BoundedText(String text, int[] steps) {
            this.text = text;
            this.steps = steps;
        }

        @Override
        public char charAt(int index) {
            if (++steps[0] > MAX_MATCH_STEPS) {
                throw refused(SqlState.PROGRAM_LIMIT_EXCEEDED, "the name pattern takes too long to match");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BoundedText(text.substring(start, end), steps);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
