package dev.sluice.gateway.pipeline.statement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a script into statements at the {@code ;} that end them. A {@code ;} inside a string literal, a quoted
 * identifier, a comment or an {@code EXECUTE STATEMENT SET BEGIN ... END} block does not end a statement. Lines are
 * counted as Calcite's parser counts them ({@code \n}, {@code \r\n} and a lone {@code \r} each end a line), so the
 * recorded starts line up with the positions Flink reports.
 */
public final class SqlScript {

    private SqlScript() {}

    public static List<ScriptStatement> split(String script) {
        return new Splitter(script).run();
    }

    private static final class Splitter {
        private final String text;
        private final List<ScriptStatement> statements = new ArrayList<>();
        private int pos;
        private int line = 1;
        private int column = 1;

        // Start of the statement being read: set at its first character that is not white space.
        private int startOffset = -1;
        private int startLine;
        private int startColumn;
        private boolean hasCode;

        // The last two words, to recognise "STATEMENT SET BEGIN", and the depth of such blocks.
        private String previousWord = "";
        private String wordBeforePrevious = "";
        private int blockDepth;

        Splitter(String text) {
            this.text = text;
        }

        List<ScriptStatement> run() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (Character.isWhitespace(c)) {
                    advance();
                } else if (c == '-' && peek(1) == '-') {
                    markStart();
                    while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                        advance();
                    }
                } else if (c == '/' && peek(1) == '*') {
                    markStart();
                    advance();
                    advance();
                    while (pos < text.length() && !(text.charAt(pos) == '*' && peek(1) == '/')) {
                        advance();
                    }
                    advance();
                    advance();
                } else if (c == '\'' || c == '"' || c == '`') {
                    markCode();
                    skipQuoted(c);
                } else if (c == ';' && blockDepth == 0) {
                    finishStatement(pos);
                    advance();
                } else if (Character.isLetter(c) || c == '_') {
                    markCode();
                    readWord();
                } else {
                    markCode();
                    advance();
                }
            }
            finishStatement(text.length());
            return List.copyOf(statements);
        }

        private void readWord() {
            int begin = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                advance();
            }
            String word = text.substring(begin, pos).toUpperCase(Locale.ROOT);
            if (word.equals("BEGIN") && previousWord.equals("SET") && wordBeforePrevious.equals("STATEMENT")) {
                blockDepth++;
            } else if (word.equals("END") && blockDepth > 0) {
                blockDepth--;
            }
            wordBeforePrevious = previousWord;
            previousWord = word;
        }

        private void skipQuoted(char quote) {
            advance();
            while (pos < text.length()) {
                if (text.charAt(pos) == quote) {
                    // A doubled quote is an escaped quote, not the end.
                    if (peek(1) == quote) {
                        advance();
                        advance();
                        continue;
                    }
                    advance();
                    return;
                }
                advance();
            }
        }

        private void markStart() {
            if (startOffset < 0) {
                startOffset = pos;
                startLine = line;
                startColumn = column;
            }
        }

        private void markCode() {
            markStart();
            hasCode = true;
        }

        private void finishStatement(int end) {
            if (hasCode) {
                String sql = text.substring(startOffset, end).stripTrailing();
                statements.add(new ScriptStatement(sql, startOffset, startLine, startColumn));
            }
            startOffset = -1;
            hasCode = false;
            previousWord = "";
            wordBeforePrevious = "";
            blockDepth = 0;
        }

        private char peek(int ahead) {
            int index = pos + ahead;
            return index < text.length() ? text.charAt(index) : '\0';
        }

        private void advance() {
            if (pos >= text.length()) {
                return;
            }
            char c = text.charAt(pos++);
            if (c == '\n' || (c == '\r' && peek(0) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
    }
}
