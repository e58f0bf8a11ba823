package dev.sluice.gateway.pipeline.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a statement's text whatever its layout: comments dropped, every run of white space one space, no
 * trailing semicolon, quoted strings and identifiers kept exactly; as a SHA-256 in hex. Two INSERTs with the same
 * fingerprint differ in layout only; any other change (a column, a literal, a table) gives another.
 */
public final class StatementFingerprint {

    private StatementFingerprint() {}

    public static String of(String statement) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(normalized(statement).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /** The text without comments, with white space collapsed outside quotes, trimmed, without a final {@code ;}. */
    static String normalized(String statement) {
        StringBuilder out = new StringBuilder(statement.length());
        int i = 0;
        boolean space = false;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (c == '-' && statement.startsWith("--", i)) {
                int end = statement.indexOf('\n', i);
                i = end < 0 ? statement.length() : end;
                space = true;
            } else if (c == '/' && statement.startsWith("/*", i)) {
                int end = statement.indexOf("*/", i + 2);
                i = end < 0 ? statement.length() : end + 2;
                space = true;
            } else if (Character.isWhitespace(c)) {
                i++;
                space = true;
            } else {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                if (c == '\'' || c == '`' || c == '"') {
                    int end = closing(statement, i, c);
                    out.append(statement, i, end);
                    i = end;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }
        int end = out.length();
        while (end > 0 && (out.charAt(end - 1) == ';' || out.charAt(end - 1) == ' ')) {
            end--;
        }
        return out.substring(0, end);
    }

    /** Just past the quote that closes the one at {@code start}; a doubled quote is one quote inside. */
    private static int closing(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }
}
