package dev.sluice.gateway.pgwire;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The one seam where a statement is answered by the listener itself instead of going through the pipeline to Flink:
 * a client's transaction and parameter statements, {@code version()}, and the catalog queries tools send to
 * {@code pg_catalog} and {@code information_schema}. The listener asks before it sends a statement to Flink; an empty
 * answer sends it there. Cursor statements, and the END of a Flink statement set, the listener handles before
 * asking.
 *
 * <p>Implementations hold no state of a connection (that is the {@link PgSessionView}'s); one instance serves every
 * connection, from many threads.
 */
@FunctionalInterface
public interface LocalAnswers {

    /**
     * The answer to {@code sql}, or empty when it is not a statement this answers.
     *
     * @param sql one statement, as the client sent it (without a closing {@code ;}), {@code $n} placeholders included
     * @param parameters the values of {@code $1..$n}, decoded by their types ({@link String} when the client gave
     *     none); {@code null} for SQL NULL, and all {@code null} when a client describes the statement before binding
     * @throws PgException when it is such a statement but it cannot be answered (e.g. an unknown parameter, a catalog
     *     query about something this does not model): the client gets that error, not Flink's
     */
    Optional<PgResult> answer(String sql, List<Object> parameters, PgSessionView session);

    /** Asks each of {@code answers} in turn; the first answer is the answer. */
    static LocalAnswers firstOf(LocalAnswers... answers) {
        List<LocalAnswers> all = List.copyOf(Arrays.asList(answers));
        return (sql, parameters, session) -> {
            for (LocalAnswers candidate : all) {
                Optional<PgResult> answer = candidate.answer(sql, parameters, session);
                if (answer.isPresent()) {
                    return answer;
                }
            }
            return Optional.empty();
        };
    }
}
