package dev.sluice.gateway.pgwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Splits one statement into tokens, as PostgreSQL's and Flink's lexers both would, skipping white space and comments:
 * words, quoted identifiers ({@code "x"} and Flink's {@code `x`}), string literals ({@code 'x'}, {@code E'x'},
 * {@code $$x$$}), numbers, {@code $n} placeholders and symbols. Enough to recognise the statements the listener
 * answers itself and to find placeholders outside literals; an unterminated literal or comment runs to the end.
 */
public final class SqlTokens {

    public enum Kind {
        WORD,
        QUOTED_IDENTIFIER,
        STRING,
        NUMBER,
        PARAMETER,
        SYMBOL
    }

    /**
     * A token: its kind, its value (a literal's or quoted identifier's content without quotes or escapes, a word or
     * symbol as written) and where it is in the statement: characters [start, end).
     */
    public record Token(Kind kind, String value, int start, int end) {

        public Token {
            requireNonNull(kind, "kind is null");
            requireNonNull(value, "value is null");
        }

        /** Whether this is the unquoted word {@code word}, in any case. */
        public boolean isWord(String word) {
            return kind == Kind.WORD && value.equalsIgnoreCase(word);
        }

        public boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && value.equals(symbol);
        }

        /** A word in lower case (PostgreSQL folds unquoted names to lower case), anything else as it is. */
        public String name() {
            return kind == Kind.WORD ? value.toLowerCase(Locale.ROOT) : value;
        }
    }

    private SqlTokens() {}

    public static List<Token> of(String sql) {
        return new Lexer(sql).run();
    }

    private static final class Lexer {
        private final String text;
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        Lexer(String text) {
            this.text = text;
        }

        List<Token> run() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '-' && peek(1) == '-') {
                    while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                        pos++;
                    }
                } else if (c == '/' && peek(1) == '*') {
                    int close = text.indexOf("*/", pos + 2);
                    pos = close < 0 ? text.length() : close + 2;
                } else if (c == '\'') {
                    quoted(Kind.STRING, '\'', pos, false);
                } else if ((c == 'E' || c == 'e') && peek(1) == '\'') {
                    int start = pos++;
                    quoted(Kind.STRING, '\'', start, true);
                } else if (c == '"' || c == '`') {
                    quoted(Kind.QUOTED_IDENTIFIER, c, pos, false);
                } else if (c == '$' && Character.isDigit(peek(1))) {
                    int start = pos++;
                    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                        pos++;
                    }
                    tokens.add(new Token(Kind.PARAMETER, text.substring(start + 1, pos), start, pos));
                } else if (c == '$' && dollarTagEnd() > 0) {
                    dollarQuoted();
                } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
                    number();
                } else if (Character.isLetter(c) || c == '_') {
                    int start = pos;
                    while (pos < text.length() && isWordPart(text.charAt(pos))) {
                        pos++;
                    }
                    tokens.add(new Token(Kind.WORD, text.substring(start, pos), start, pos));
                } else if (c == ':' && peek(1) == ':') {
                    tokens.add(new Token(Kind.SYMBOL, "::", pos, pos + 2));
                    pos += 2;
                } else {
                    tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), pos, pos + 1));
                    pos++;
                }
            }
            return List.copyOf(tokens);
        }

        private static boolean isWordPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }

        /** A literal or identifier in {@code quote}s, where a doubled quote is one quote (and, with backslashes, \x). */
        private void quoted(Kind kind, char quote, int start, boolean backslashes) {
            pos++;
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (backslashes && c == '\\' && pos + 1 < text.length()) {
                    value.append(unescape(text.charAt(pos + 1)));
                    pos += 2;
                } else if (c == quote && peek(1) == quote) {
                    value.append(quote);
                    pos += 2;
                } else if (c == quote) {
                    pos++;
                    break;
                } else {
                    value.append(c);
                    pos++;
                }
            }
            tokens.add(new Token(kind, value.toString(), start, pos));
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

        /** The end of a dollar-quote tag ({@code $$} or {@code $tag$}) starting here, or -1 when this is none. */
        private int dollarTagEnd() {
            int i = pos + 1;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
            return i < text.length() && text.charAt(i) == '$' ? i + 1 : -1;
        }

        private void dollarQuoted() {
            int start = pos;
            int tagEnd = dollarTagEnd();
            String tag = text.substring(pos, tagEnd);
            int close = text.indexOf(tag, tagEnd);
            int end = close < 0 ? text.length() : close + tag.length();
            tokens.add(new Token(Kind.STRING, text.substring(tagEnd, close < 0 ? text.length() : close), start, end));
            pos = end;
        }

        private void number() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < text.length()
                    && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')
                    && (Character.isDigit(peek(1))
                            || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
                pos += 2;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            tokens.add(new Token(Kind.NUMBER, text.substring(start, pos), start, pos));
        }

        private char peek(int ahead) {
            int index = pos + ahead;
            return index < text.length() ? text.charAt(index) : '\0';
        }
    }
}
