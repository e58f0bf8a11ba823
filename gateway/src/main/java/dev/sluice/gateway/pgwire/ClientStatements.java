package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The statements a PostgreSQL client sends about its connection rather than its data, answered here: transaction
 * control ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}, savepoints: Flink has no transactions, so each statement
 * stands alone and these only keep clients that wrap statements in transactions working), {@code SET} and
 * {@code RESET} of PostgreSQL's parameters ({@link ClientParameters}), {@code version()} and {@code current_schema()}.
 * Flink's own {@code SET 'key' = 'value'} and {@code RESET 'key'}, with their quoted keys, are left to Flink.
 */
public final class ClientStatements implements LocalAnswers {

    /** What {@code version()} answers: SQLAlchemy and others read the PostgreSQL version from its start. */
    public static final String VERSION =
            "PostgreSQL 15.0 (Sluice) on Apache Flink 2.2, the Sluice streaming SQL gateway";

    @Override
    public Optional<PgResult> answer(String sql, List<Object> parameters, PgSessionView session) {
        List<Token> tokens = SqlTokens.of(sql);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        Token first = tokens.get(0);
        if (first.isWord("BEGIN") && !(tokens.size() > 1 && tokens.get(1).isWord("STATEMENT"))
                || first.isWord("START") && tokens.size() > 1 && tokens.get(1).isWord("TRANSACTION")) {
            return Optional.of(PgResult.command("BEGIN"));
        }
        if (first.isWord("COMMIT") || first.isWord("END") && allWords(tokens)) {
            return Optional.of(PgResult.command("COMMIT"));
        }
        if (first.isWord("ROLLBACK") || first.isWord("ABORT")) {
            return Optional.of(PgResult.command("ROLLBACK"));
        }
        if (first.isWord("SAVEPOINT") || first.isWord("RELEASE")) {
            return Optional.of(PgResult.command(first.value().toUpperCase(Locale.ROOT)));
        }
        if (first.isWord("SET") && tokens.size() > 1 && tokens.get(1).kind() != Kind.STRING) {
            return Optional.of(set(tokens, session));
        }
        if (first.isWord("RESET") && tokens.size() > 1 && tokens.get(1).kind() == Kind.WORD) {
            return Optional.of(reset(tokens, session));
        }
        if (first.isWord("SELECT")) {
            return select(tokens, session);
        }
        return Optional.empty();
    }

    private static boolean allWords(List<Token> tokens) {
        return tokens.stream().allMatch(token -> token.kind() == Kind.WORD);
    }

    /** {@code SET [SESSION | LOCAL] name {TO | =} value [, ...]}, {@code SET TIME ZONE ...}, and the transaction forms. */
    private static PgResult set(List<Token> tokens, PgSessionView session) {
        int at = 1;
        if (tokens.get(at).isWord("SESSION") || tokens.get(at).isWord("LOCAL")) {
            at++;
        }
        if (at >= tokens.size()) {
            throw syntaxError(tokens.get(tokens.size() - 1));
        }
        Token name = tokens.get(at);
        if (name.isWord("TRANSACTION") || name.isWord("CHARACTERISTICS")) {
            // Isolation and access modes: every Flink statement is its own unit of work, whatever the client asks.
            return PgResult.command("SET");
        }
        if (name.isWord("ROLE") || name.isWord("AUTHORIZATION")) {
            throw new PgException(
                    SqlState.FEATURE_NOT_SUPPORTED,
                    "SET " + name.value().toUpperCase(Locale.ROOT) + " is not supported",
                    "A connection acts as the token it authenticated with; connect with another token.");
        }
        if (name.isWord("TIME") && at + 1 < tokens.size() && tokens.get(at + 1).isWord("ZONE")) {
            List<String> values = values(tokens, at + 2);
            String zone = values.size() == 1
                            && (values.get(0).equalsIgnoreCase("LOCAL")
                                    || values.get(0).equalsIgnoreCase("DEFAULT"))
                    ? ClientParameters.defaultOf("TimeZone")
                    : String.join(", ", values);
            session.setParameter("TimeZone", zone);
            return PgResult.command("SET");
        }
        StringBuilder parameter = new StringBuilder();
        while (at < tokens.size()
                && !tokens.get(at).isSymbol("=")
                && !tokens.get(at).isWord("TO")) {
            Token part = tokens.get(at++);
            if (part.kind() != Kind.WORD && part.kind() != Kind.QUOTED_IDENTIFIER && !part.isSymbol(".")) {
                throw syntaxError(part);
            }
            parameter.append(part.kind() == Kind.QUOTED_IDENTIFIER ? part.value() : part.name());
        }
        if (at >= tokens.size()) {
            throw syntaxError(tokens.get(tokens.size() - 1));
        }
        String canonical = ClientParameters.canonicalName(parameter.toString()).orElse(parameter.toString());
        boolean toDefault = at + 2 == tokens.size() && tokens.get(at + 1).isWord("DEFAULT");
        session.setParameter(
                canonical,
                toDefault ? ClientParameters.defaultOf(canonical) : String.join(", ", values(tokens, at + 1)));
        return PgResult.command("SET");
    }

    /** {@code RESET name} or {@code RESET ALL}. */
    private static PgResult reset(List<Token> tokens, PgSessionView session) {
        StringBuilder name = new StringBuilder();
        for (Token token : tokens.subList(1, tokens.size())) {
            name.append(token.kind() == Kind.WORD ? token.name() : token.value());
        }
        if (name.toString().equals("all")) {
            for (String parameter : session.parameters().keySet()) {
                if (ClientParameters.canonicalName(parameter).isPresent()) {
                    try {
                        session.setParameter(parameter, ClientParameters.defaultOf(parameter));
                    } catch (PgException e) {
                        // A parameter that cannot change keeps its value, as in PostgreSQL.
                    }
                }
            }
            return PgResult.command("RESET");
        }
        String canonical = ClientParameters.canonicalName(name.toString()).orElse(name.toString());
        session.setParameter(canonical, ClientParameters.defaultOf(canonical));
        return PgResult.command("RESET");
    }

    /** The comma-separated values from {@code from} on: literals without their quotes, words and numbers as written. */
    private static List<String> values(List<Token> tokens, int from) {
        if (from >= tokens.size()) {
            throw syntaxError(tokens.get(tokens.size() - 1));
        }
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        for (Token token : tokens.subList(from, tokens.size())) {
            if (token.isSymbol(",")) {
                values.add(value.toString());
                value.setLength(0);
            } else {
                value.append(token.value());
            }
        }
        values.add(value.toString());
        return values;
    }

    /** {@code SELECT [pg_catalog.]version()} and {@code SELECT [pg_catalog.]current_schema[()]}, alone. */
    private static Optional<PgResult> select(List<Token> tokens, PgSessionView session) {
        List<String> rest =
                tokens.subList(1, tokens.size()).stream().map(Token::name).toList();
        if (rest.size() >= 2 && rest.get(0).equals("pg_catalog") && rest.get(1).equals(".")) {
            rest = rest.subList(2, rest.size());
        }
        if (rest.equals(List.of("version", "(", ")"))) {
            return Optional.of(PgResult.rows(List.of(new PgColumn("version", PgType.TEXT)), List.of(List.of(VERSION))));
        }
        if (rest.equals(List.of("current_schema", "(", ")")) || rest.equals(List.of("current_schema"))) {
            return Optional.of(PgResult.rows(
                    List.of(new PgColumn("current_schema", PgType.NAME)), List.of(List.of(session.currentSchema()))));
        }
        return Optional.empty();
    }

    private static PgException syntaxError(Token at) {
        return new PgException(
                SqlState.SYNTAX_ERROR, "syntax error at or near \"" + at.value() + "\"", null, null, at.start() + 1);
    }
}
