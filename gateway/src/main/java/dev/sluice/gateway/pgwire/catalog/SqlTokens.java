package dev.sluice.gateway.pgwire.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits PostgreSQL SQL into tokens the way its lexer does, as far as comparing a client's statement with a known
 * shape needs: whitespace and comments dropped, unquoted words folded to lower case (PostgreSQL folds them too),
 * string literals (plain, {@code E'...'} and dollar-quoted) reduced to their values, {@code $n} parameters kept apart.
 * The templates of {@link CatalogQuery} also use {@code ?name}, {@code ??name}, {@code [[ ]]}, {@code {{ }}} and
 * {@code @label}, read only when {@code template} is set.
 */
final class SqlTokens {

    enum Kind {
        /** An unquoted identifier or keyword, lower-cased. */
        WORD,
        /** A double-quoted identifier, as written. */
        QUOTED,
        /** A string literal's value. */
        STRING,
        NUMBER,
        /** {@code $n}: the text holds n. */
        PARAMETER,
        /** An operator or punctuation. */
        SYMBOL,
        // Templates only:
        /** {@code ?name}: one literal or parameter, captured as name. */
        CAPTURE,
        /** {@code ??name}: a comma-separated list of literals, each captured as name. */
        CAPTURE_LIST,
        OPTIONAL_START,
        OPTIONAL_END,
        REPEAT_START,
        REPEAT_END,
        /** {@code @label}: recorded when the group holding it matches. */
        LABEL
    }

    record Token(Kind kind, String text) {

        boolean isLiteral() {
            return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.PARAMETER;
        }

        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case STRING -> "'" + text + "'";
                case QUOTED -> "\"" + text + "\"";
                case PARAMETER -> "$" + text;
                default -> text;
            };
        }
    }

    /** PostgreSQL's operator characters; a run of them is one operator. */
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private SqlTokens() {}

    static List<Token> of(String sql) {
        return new Lexer(sql, false).tokens();
    }

    static List<Token> ofTemplate(String template) {
        return new Lexer(template, true).tokens();
    }

    /** Thrown for text no PostgreSQL client would send (an unterminated literal or comment). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    private static final class Lexer {

        private final String sql;
        private final boolean template;
        private final List<Token> tokens = new ArrayList<>();
        private int at;

        Lexer(String sql, boolean template) {
            this.sql = sql;
            this.template = template;
        }

        List<Token> tokens() {
            while (skipSpaceAndComments()) {
                char c = sql.charAt(at);
                if (template && readTemplateMarker(c)) {
                    continue;
                }
                if (c == '\'') {
                    tokens.add(new Token(Kind.STRING, quoted('\'', false)));
                } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                    at++;
                    tokens.add(new Token(Kind.STRING, quoted('\'', true)));
                } else if (c == '"') {
                    tokens.add(new Token(Kind.QUOTED, quoted('"', false)));
                } else if (c == '$' && Character.isDigit(peek(1))) {
                    at++;
                    tokens.add(new Token(Kind.PARAMETER, digits()));
                } else if (c == '$' && dollarTagEnd() > 0) {
                    tokens.add(new Token(Kind.STRING, dollarQuoted()));
                } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                    tokens.add(new Token(Kind.NUMBER, number()));
                } else if (isWordStart(c)) {
                    tokens.add(new Token(Kind.WORD, word().toLowerCase(Locale.ROOT)));
                } else if (c == ':' && peek(1) == ':') {
                    at += 2;
                    tokens.add(new Token(Kind.SYMBOL, "::"));
                } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.SYMBOL, operator()));
                } else {
                    at++;
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c)));
                }
            }
            return tokens;
        }

        private boolean readTemplateMarker(char c) {
            String two = sql.startsWith("[[", at) ? "[[" : sql.startsWith("]]", at) ? "]]"
                    : sql.startsWith("{{", at) ? "{{" : sql.startsWith("}}", at) ? "}}" : null;
            if (two != null) {
                at += 2;
                tokens.add(new Token(switch (two) {
                    case "[[" -> Kind.OPTIONAL_START;
                    case "]]" -> Kind.OPTIONAL_END;
                    case "{{" -> Kind.REPEAT_START;
                    default -> Kind.REPEAT_END;
                }, two));
                return true;
            }
            if (c == '?' && (isWordStart(peek(1)) || (peek(1) == '?' && isWordStart(peek(2))))) {
                boolean list = peek(1) == '?';
                at += list ? 2 : 1;
                tokens.add(new Token(list ? Kind.CAPTURE_LIST : Kind.CAPTURE, word()));
                return true;
            }
            if (c == '@' && isWordStart(peek(1))) {
                at++;
                tokens.add(new Token(Kind.LABEL, word()));
                return true;
            }
            return false;
        }

        /** Skips whitespace and comments; false at the end. */
        private boolean skipSpaceAndComments() {
            while (at < sql.length()) {
                char c = sql.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == '-' && peek(1) == '-') {
                    int end = sql.indexOf('\n', at);
                    at = end < 0 ? sql.length() : end + 1;
                } else if (c == '/' && peek(1) == '*') {
                    skipBlockComment();
                } else {
                    return true;
                }
            }
            return false;
        }

        // PostgreSQL's block comments nest.
        private void skipBlockComment() {
            int depth = 0;
            while (at < sql.length()) {
                if (sql.startsWith("/*", at)) {
                    depth++;
                    at += 2;
                } else if (sql.startsWith("*/", at)) {
                    depth--;
                    at += 2;
                    if (depth == 0) {
                        return;
                    }
                } else {
                    at++;
                }
            }
            throw new Malformed("unterminated /* comment");
        }

        private String quoted(char quote, boolean backslashEscapes) {
            StringBuilder value = new StringBuilder();
            at++;
            while (at < sql.length()) {
                char c = sql.charAt(at++);
                if (backslashEscapes && c == '\\' && at < sql.length()) {
                    value.append(unescape(sql.charAt(at++)));
                } else if (c == quote) {
                    if (peek(0) != quote) {
                        return value.toString();
                    }
                    value.append(quote);
                    at++;
                } else {
                    value.append(c);
                }
            }
            throw new Malformed("unterminated quoted " + (quote == '"' ? "identifier" : "string"));
        }

        private static char unescape(char c) {
            return switch (c) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> c;
            };
        }

        /** Where the opening tag of a dollar-quoted string ends ({@code $$} or {@code $tag$}), or -1. */
        private int dollarTagEnd() {
            int i = at + 1;
            while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                i++;
            }
            return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
        }

        private String dollarQuoted() {
            int tagEnd = dollarTagEnd();
            String tag = sql.substring(at, tagEnd);
            int close = sql.indexOf(tag, tagEnd);
            if (close < 0) {
                throw new Malformed("unterminated dollar-quoted string");
            }
            at = close + tag.length();
            return sql.substring(tagEnd, close);
        }

        private String digits() {
            int start = at;
            while (at < sql.length() && Character.isDigit(sql.charAt(at))) {
                at++;
            }
            return sql.substring(start, at);
        }

        private String number() {
            int start = at;
            digits();
            if (peek(0) == '.' && peek(1) != '.') {
                at++;
                digits();
            }
            if ((peek(0) == 'e' || peek(0) == 'E')
                    && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
                at += 2;
                digits();
            }
            return sql.substring(start, at);
        }

        private String word() {
            int start = at;
            while (at < sql.length() && (isWordStart(sql.charAt(at)) || Character.isDigit(sql.charAt(at))
                    || sql.charAt(at) == '$')) {
                at++;
            }
            return sql.substring(start, at);
        }

        private String operator() {
            int start = at;
            while (at < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(at)) >= 0
                    && !sql.startsWith("--", at) && !sql.startsWith("/*", at)
                    && !(template && at > start && (sql.charAt(at) == '?' || sql.charAt(at) == '@'))) {
                at++;
            }
            return sql.substring(start, at);
        }

        private static boolean isWordStart(char c) {
            return Character.isLetter(c) || c == '_' || c > 0x7f;
        }

        private char peek(int ahead) {
            return at + ahead < sql.length() ? sql.charAt(at + ahead) : '\0';
        }
    }
}
