package dev.sluice.gateway.pipeline;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before Flink's parser sees it, a statement with a part that parser takes seconds over: Calcite's parse
 * cannot be interrupted, so such a statement would hold a validation worker long past the validation timeout.
 * <ul>
 *   <li>A chain of more than {@value #MAX_CHAINED_OPERATORS} operators in one expression ({@code 1 + 1 + ...},
 *       {@code NOT NOT ...}, {@code a = 1 OR a = 2 OR ...}). The parser gathers a chain into one list and resolves
 *       precedence in time quadratic in its length: 100,000 {@code NOT}s take about 9 s on a 2-core machine, only
 *       to end in a stack overflow, as longer chains than the limit do in most shapes.</li>
 *   <li>A numeric literal of more than {@value #MAX_NUMBER_LENGTH} characters: converting 500,000 digits takes
 *       about 5 s, and no SQL type holds more than 38 digits of precision.</li>
 * </ul>
 *
 * <p>Both are found lexically: string literals, quoted identifiers and comments are skipped; an operator chain ends
 * at a comma, at a clause keyword and at the end of its parentheses (a parenthesised part is a chain of its own, and
 * the chain around it goes on after it), as each of those starts a new list in the parser.
 */
public final class ParserLimits {

    /** About 0.3 s of parsing for the costliest shape measured (equalities joined by OR) on a 2-core machine. */
    public static final int MAX_CHAINED_OPERATORS = 10_000;

    public static final int MAX_NUMBER_LENGTH = 1_000;

    private static final String SYMBOL_OPERATORS = "+-*/%=<>!|";
    private static final Set<String> WORD_OPERATORS = Set.of("AND", "OR", "NOT", "IS", "LIKE", "IN", "BETWEEN");
    private static final Set<String> CHAIN_ENDS = Set.of(
            "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "ON", "CASE", "WHEN", "THEN", "ELSE", "END", "AS",
            "JOIN", "UNION", "VALUES", "SET", "WITH", "WINDOW", "LIMIT");

    private ParserLimits() {}

    /** @throws GatewayException SQL_TOO_COMPLEX at the part over a limit */
    public static void check(ScriptStatement statement) {
        String sql = statement.sql();
        Deque<Chain> open = new ArrayDeque<>();
        open.push(new Chain());
        int pos = 0;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '-' && next(sql, pos) == '-') {
                pos = lineEnd(sql, pos);
            } else if (c == '/' && next(sql, pos) == '*') {
                int close = sql.indexOf("*/", pos + 2);
                pos = close < 0 ? sql.length() : close + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                pos = quotedEnd(sql, pos, c);
            } else if (c == '(') {
                open.push(new Chain());
                pos++;
            } else if (c == ')') {
                if (open.size() > 1) {
                    open.pop();
                }
                pos++;
            } else if (c == ',' || c == ';') {
                open.peek().end();
                pos++;
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next(sql, pos)))) {
                pos = numberEnd(statement, pos);
            } else if (SYMBOL_OPERATORS.indexOf(c) >= 0) {
                open.peek().operator(statement, pos);
                // A two-character operator (<=, <>, ||, !=) counts once.
                pos += SYMBOL_OPERATORS.indexOf(next(sql, pos)) >= 0 && next(sql, pos) != '-' ? 2 : 1;
            } else if (Character.isLetter(c) || c == '_') {
                int end = pos;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(pos, end).toUpperCase(Locale.ROOT);
                if (WORD_OPERATORS.contains(word)) {
                    open.peek().operator(statement, pos);
                } else if (CHAIN_ENDS.contains(word)) {
                    open.peek().end();
                }
                pos = end;
            } else {
                pos++;
            }
        }
    }

    /** The position after a numeric literal (digits, a point, an exponent with its sign). */
    private static int numberEnd(ScriptStatement statement, int start) {
        String sql = statement.sql();
        int end = start;
        while (end < sql.length()) {
            char c = sql.charAt(end);
            boolean exponentSign = (c == '+' || c == '-') && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E');
            if (!(Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || exponentSign)) {
                break;
            }
            end++;
        }
        if (end - start > MAX_NUMBER_LENGTH) {
            throw new GatewayException(
                    ErrorCode.SQL_TOO_COMPLEX,
                    "A numeric literal of " + (end - start) + " characters is longer than the " + MAX_NUMBER_LENGTH
                            + " that are parsed.",
                    statement.rangeToScript(start, end),
                    null,
                    "Write the number with an exponent (1E500) or as a string; no SQL type holds more than 38 digits.",
                    null);
        }
        return end;
    }

    private static char next(String sql, int pos) {
        return pos + 1 < sql.length() ? sql.charAt(pos + 1) : '\0';
    }

    private static int lineEnd(String sql, int pos) {
        int end = pos;
        while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
            end++;
        }
        return end;
    }

    /** The position after a quoted text; a doubled quote inside is an escaped quote. */
    private static int quotedEnd(String sql, int pos, char quote) {
        int end = pos + 1;
        while (end < sql.length()) {
            if (sql.charAt(end) == quote) {
                if (next(sql, end) != quote) {
                    return end + 1;
                }
                end++;
            }
            end++;
        }
        return end;
    }

    /** The operators counted so far in one list of the parser, and where the list's first operator is. */
    private static final class Chain {
        private int operators;
        private int start;

        void operator(ScriptStatement statement, int pos) {
            if (operators == 0) {
                start = pos;
            }
            if (++operators > MAX_CHAINED_OPERATORS) {
                throw new GatewayException(
                        ErrorCode.SQL_TOO_COMPLEX,
                        "An expression chains more than " + MAX_CHAINED_OPERATORS
                                + " operators, more than are parsed in time.",
                        statement.rangeToScript(start, pos + 1),
                        null,
                        "Split the expression: an IN list instead of chained OR conditions, or parts in a CTE or a view.",
                        null);
            }
        }

        void end() {
            operators = 0;
        }
    }
}
