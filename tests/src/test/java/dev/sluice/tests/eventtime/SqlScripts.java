package dev.sluice.tests.eventtime;

import java.util.ArrayList;
import java.util.List;

/** Splits a SQL script into statements, without Flink: the gateway's REST and JDBC tests send them one by one. */
public final class SqlScripts {
    private SqlScripts() {}

    /**
     * Splits at each {@code ;} that stands outside string literals ({@code '...'} with {@code ''} as the escape),
     * quoted identifiers ({@code "..."}, {@code `...`}) and comments ({@code -- ...}, {@code /* ... *}{@code /},
     * hints included). Statements keep their comments; pieces with nothing but comments and blanks are dropped.
     *
     * @throws IllegalArgumentException if a literal, quoted identifier or block comment is not closed
     */
    public static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean hasCode = false;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = afterQuoted(script, i);
                hasCode = true;
            } else if (script.startsWith("--", i)) {
                int newline = script.indexOf('\n', i);
                i = newline < 0 ? script.length() : newline + 1;
            } else if (script.startsWith("/*", i)) {
                i = afterBlockComment(script, i);
            } else if (c == ';') {
                if (hasCode) {
                    statements.add(script.substring(start, i).strip());
                }
                start = i + 1;
                hasCode = false;
                i++;
            } else {
                hasCode |= !Character.isWhitespace(c);
                i++;
            }
        }
        if (hasCode) {
            statements.add(script.substring(start).strip());
        }
        return List.copyOf(statements);
    }

    /** The index after the quote closing the one at {@code open}; a doubled quote stands for itself. */
    private static int afterQuoted(String script, int open) {
        char quote = script.charAt(open);
        int i = open + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw unclosed(script, open, "quote " + quote);
    }

    private static int afterBlockComment(String script, int open) {
        int close = script.indexOf("*/", open + 2);
        if (close < 0) {
            throw unclosed(script, open, "comment /*");
        }
        return close + 2;
    }

    private static IllegalArgumentException unclosed(String script, int open, String what) {
        int line = (int) script.substring(0, open).chars().filter(ch -> ch == '\n').count() + 1;
        return new IllegalArgumentException("unclosed " + what + " opened on line " + line);
    }
}
