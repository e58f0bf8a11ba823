package dev.sluice.gateway.pgwire.catalog;

import dev.sluice.gateway.pgwire.ClientParameters;
import dev.sluice.gateway.pgwire.LocalAnswers;
import dev.sluice.gateway.pgwire.PgColumn;
import dev.sluice.gateway.pgwire.PgResult;
import dev.sluice.gateway.pgwire.PgSessionView;
import dev.sluice.gateway.pgwire.PgType;
import dev.sluice.gateway.pgwire.SqlTokens;
import dev.sluice.gateway.pgwire.SqlTokens.Kind;
import dev.sluice.gateway.pgwire.SqlTokens.Token;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code SHOW} of the connection's PostgreSQL parameters ({@link ClientParameters}), as clients ask on connecting
 * (SQLAlchemy: {@code show transaction isolation level}, {@code show standard_conforming_strings}): the value the
 * connection has, in a column named after the parameter, as PostgreSQL answers. {@code SHOW ALL} lists them all.
 * Any other {@code SHOW} is Flink's ({@code SHOW TABLES}, {@code SHOW JOBS}, ...) and is left to it.
 */
public final class ParameterShows implements LocalAnswers {

    /** PostgreSQL's multi-word names for some parameters. */
    private static final Map<String, String> SPELLED_OUT = Map.of(
            "transaction isolation level", "transaction_isolation",
            "time zone", "TimeZone",
            "session authorization", "session_authorization");

    @Override
    public Optional<PgResult> answer(String sql, List<Object> parameters, PgSessionView session) {
        List<Token> tokens = SqlTokens.of(sql);
        if (tokens.size() < 2 || !tokens.get(0).isWord("SHOW")) {
            return Optional.empty();
        }
        List<Token> name = tokens.subList(1, tokens.size());
        if (name.size() == 1 && name.get(0).isWord("ALL")) {
            return Optional.of(all(session));
        }
        if (!name.stream()
                .allMatch(token ->
                        token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_IDENTIFIER || token.isSymbol("."))) {
            return Optional.empty();
        }
        String written = name.stream()
                .map(token -> token.isSymbol(".") ? "." : token.name())
                .collect(Collectors.joining(" "))
                .replace(" . ", ".");
        String spelled = SPELLED_OUT.getOrDefault(written, written);
        return ClientParameters.canonicalName(spelled)
                .map(canonical -> PgResult.rows(
                        List.of(new PgColumn(canonical, PgType.TEXT)), List.of(List.of(valueOf(session, canonical)))));
    }

    private static PgResult all(PgSessionView session) {
        List<List<Object>> rows = ClientParameters.defaults(session.user()).keySet().stream()
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .map(name -> List.<Object>of(name, valueOf(session, name), ""))
                .toList();
        return PgResult.rows(
                List.of(
                        new PgColumn("name", PgType.TEXT),
                        new PgColumn("setting", PgType.TEXT),
                        new PgColumn("description", PgType.TEXT)),
                rows);
    }

    private static String valueOf(PgSessionView session, String canonical) {
        String value = session.parameters().get(canonical);
        return value != null ? value : ClientParameters.defaultOf(canonical);
    }
}
