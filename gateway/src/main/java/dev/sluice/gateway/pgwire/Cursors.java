package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A connection's cursors: {@code DECLARE c CURSOR [WITH | WITHOUT HOLD] FOR query} starts the query, {@code FETCH
 * [FORWARD] n FROM c} returns up to n of its rows, {@code MOVE} skips them, {@code CLOSE c} cancels it. Cursors move
 * forward only: a stream cannot go back. {@code FETCH n} returns as soon as it has n rows, the query has ended, or some
 * rows have come and no more are ready; it waits at most the fetch timeout for the first, and returns none if none
 * came (a client reading batches in a loop then asks again). {@code FETCH ALL} returns every row until the query ends.
 * A cursor declared without hold inside a transaction block closes when the block ends; any other lives until it is
 * closed or its connection ends.
 */
final class Cursors implements AutoCloseable {

    /** Starts a cursor's query: the text from {@code clientOffset} of the DECLARE statement on. */
    interface QueryStarter {
        Execution start(String query, int clientOffset);
    }

    private record Cursor(Execution execution, boolean closesWithTransaction) {}

    private final Duration fetchTimeout;
    private final Map<String, Cursor> open = new LinkedHashMap<>();

    Cursors(Duration fetchTimeout) {
        this.fetchTimeout = requireNonNull(fetchTimeout, "fetchTimeout is null");
    }

    /** The answer to a cursor statement, or empty when {@code tokens} are not one. */
    Optional<Execution> run(String sql, List<Token> tokens, boolean inTransaction, QueryStarter starter) {
        Token first = tokens.get(0);
        if (first.isWord("DECLARE")) {
            return Optional.of(declare(sql, tokens, inTransaction, starter));
        }
        if (first.isWord("FETCH") || first.isWord("MOVE")) {
            return Optional.of(fetch(tokens, first.isWord("MOVE")));
        }
        if (first.isWord("CLOSE") && tokens.size() == 2) {
            return Optional.of(close(tokens.get(1)));
        }
        return Optional.empty();
    }

    private Execution declare(String sql, List<Token> tokens, boolean inTransaction, QueryStarter starter) {
        if (tokens.size() < 4) {
            throw syntaxError(tokens.get(tokens.size() - 1));
        }
        String name = name(tokens.get(1));
        int at = 2;
        boolean hold = false;
        while (at < tokens.size() && !tokens.get(at).isWord("FOR")) {
            Token option = tokens.get(at);
            if (option.isWord("SCROLL") || option.isWord("BINARY")) {
                throw new PgException(
                        SqlState.FEATURE_NOT_SUPPORTED,
                        option.value().toUpperCase(Locale.ROOT) + " cursors are not supported",
                        null,
                        "Cursors over a stream move forward only and return text; leave out "
                                + option.value().toUpperCase(Locale.ROOT) + ".",
                        option.start() + 1);
            }
            if (option.isWord("WITH")
                    && at + 1 < tokens.size()
                    && tokens.get(at + 1).isWord("HOLD")) {
                hold = true;
            } else if (!option.isWord("NO")
                    && !option.isWord("INSENSITIVE")
                    && !option.isWord("ASENSITIVE")
                    && !option.isWord("CURSOR")
                    && !option.isWord("WITHOUT")
                    && !option.isWord("HOLD")) {
                throw syntaxError(option);
            }
            at++;
        }
        if (at + 1 >= tokens.size()) {
            throw syntaxError(tokens.get(tokens.size() - 1));
        }
        if (open.containsKey(name)) {
            throw new PgException(
                    SqlState.DUPLICATE_CURSOR,
                    "cursor \"" + name + "\" already exists",
                    null,
                    "CLOSE " + name + " first, or choose another name.",
                    tokens.get(1).start() + 1);
        }
        int queryStart = tokens.get(at + 1).start();
        Execution execution = starter.start(sql.substring(queryStart), queryStart);
        if (execution.columns().isEmpty()) {
            execution.close();
            throw new PgException(
                    SqlState.INVALID_CURSOR_STATE,
                    "cursor \"" + name + "\" is not a query",
                    null,
                    "DECLARE a cursor for a SELECT.",
                    queryStart + 1);
        }
        open.put(name, new Cursor(execution, inTransaction && !hold));
        return new LocalExecution(PgResult.command("DECLARE CURSOR"));
    }

    /** {@code FETCH|MOVE [NEXT | FORWARD [n | ALL] | n | ALL] [FROM | IN] name}. */
    private Execution fetch(List<Token> tokens, boolean move) {
        int at = 1;
        long count = 1;
        boolean all = false;
        if (at < tokens.size()
                && (tokens.get(at).isWord("PRIOR")
                        || tokens.get(at).isWord("FIRST")
                        || tokens.get(at).isWord("LAST")
                        || tokens.get(at).isWord("ABSOLUTE")
                        || tokens.get(at).isWord("RELATIVE")
                        || tokens.get(at).isWord("BACKWARD"))) {
            throw new PgException(
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "cursors over a stream move forward only",
                    null,
                    "Use FETCH n or FETCH ALL.",
                    tokens.get(at).start() + 1);
        }
        if (at < tokens.size()
                && (tokens.get(at).isWord("NEXT") || tokens.get(at).isWord("FORWARD"))) {
            at++;
        }
        if (at < tokens.size() && tokens.get(at).isWord("ALL")) {
            all = true;
            at++;
        } else if (at < tokens.size() && tokens.get(at).kind() == Kind.NUMBER) {
            try {
                count = Long.parseLong(tokens.get(at).value());
            } catch (NumberFormatException e) {
                throw syntaxError(tokens.get(at));
            }
            at++;
        }
        if (at < tokens.size()
                && (tokens.get(at).isWord("FROM") || tokens.get(at).isWord("IN"))) {
            at++;
        }
        if (at != tokens.size() - 1) {
            throw syntaxError(tokens.get(Math.min(at, tokens.size() - 1)));
        }
        Token nameToken = tokens.get(at);
        Cursor cursor = open.get(name(nameToken));
        if (cursor == null) {
            throw new PgException(
                    SqlState.INVALID_CURSOR_NAME,
                    "cursor \"" + name(nameToken) + "\" does not exist",
                    null,
                    null,
                    nameToken.start() + 1);
        }
        String verb = move ? "MOVE" : "FETCH";
        if (all) {
            return new Fetching(cursor.execution(), verb, move);
        }
        List<List<Object>> rows = new ArrayList<>();
        if (count > 0) {
            rows.addAll(cursor.execution().take((int) Math.min(count, Integer.MAX_VALUE), fetchTimeout));
        }
        long fetched = rows.size();
        return new LocalExecution(new PgResult(
                move ? List.of() : cursor.execution().columns(), move ? List.of() : rows, verb + " " + fetched));
    }

    private Execution close(Token nameToken) {
        if (nameToken.isWord("ALL")) {
            close();
            return new LocalExecution(PgResult.command("CLOSE CURSOR ALL"));
        }
        Cursor cursor = open.remove(name(nameToken));
        if (cursor == null) {
            throw new PgException(
                    SqlState.INVALID_CURSOR_NAME,
                    "cursor \"" + name(nameToken) + "\" does not exist",
                    null,
                    null,
                    nameToken.start() + 1);
        }
        cursor.execution().close();
        return new LocalExecution(PgResult.command("CLOSE CURSOR"));
    }

    /** Closes the cursors declared without hold in the transaction block that ends. */
    void transactionEnded() {
        open.values().removeIf(cursor -> {
            if (cursor.closesWithTransaction()) {
                cursor.execution().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void close() {
        open.values().forEach(cursor -> cursor.execution().close());
        open.clear();
    }

    private static String name(Token token) {
        if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED_IDENTIFIER) {
            throw syntaxError(token);
        }
        return token.name();
    }

    private static PgException syntaxError(Token at) {
        return new PgException(
                SqlState.SYNTAX_ERROR, "syntax error at or near \"" + at.value() + "\"", null, null, at.start() + 1);
    }

    /** FETCH ALL: the cursor's rows until its query ends, streamed as they come; the cursor stays open. */
    private static final class Fetching implements Execution {
        private final Execution cursor;
        private final String verb;
        private final boolean move;

        Fetching(Execution cursor, String verb, boolean move) {
            this.cursor = cursor;
            this.verb = verb;
            this.move = move;
        }

        @Override
        public List<PgColumn> columns() {
            return move ? List.of() : cursor.columns();
        }

        @Override
        public List<List<Object>> take(int max, Duration maxWait) {
            List<List<Object>> rows = cursor.take(max, maxWait);
            return move ? List.of() : rows;
        }

        @Override
        public boolean ended() {
            return cursor.ended();
        }

        @Override
        public String tag(long rows) {
            return verb + " " + rows;
        }

        @Override
        public void close() {
            // The cursor stays open until CLOSE.
        }
    }
}
