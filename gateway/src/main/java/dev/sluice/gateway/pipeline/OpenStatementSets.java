package dev.sluice.gateway.pipeline;

import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The INSERTs of each session's open {@code BEGIN STATEMENT SET} block, as their SQL. Flink collects the block's
 * operations in the session but not their text; with the text, the block's {@code END} becomes the equivalent
 * {@code EXECUTE STATEMENT SET}, which is admitted like any job: counted in the quota while it runs, or held for an
 * admin's approval and replayed as submitted.
 */
final class OpenStatementSets {

    private final Map<SessionHandle, List<String>> blocks = new ConcurrentHashMap<>();
    private final Predicate<SessionHandle> isOpen;

    /** @param isOpen whether a session is still open (Flink closes idle ones by itself, unannounced) */
    OpenStatementSets(Predicate<SessionHandle> isOpen) {
        this.isOpen = requireNonNull(isOpen, "isOpen is null");
    }

    /** The session began a block; blocks of sessions closed meanwhile are forgotten. */
    void begin(SessionHandle session) {
        blocks.keySet().removeIf(known -> !isOpen.test(known));
        blocks.put(session, new ArrayList<>());
    }

    /** The session's open block took an INSERT. */
    void add(SessionHandle session, String insert) {
        blocks.computeIfPresent(session, (key, inserts) -> {
            inserts.add(insert);
            return inserts;
        });
    }

    /** Closes the session's block: its INSERTs in order, none if it had no open block. */
    List<String> end(SessionHandle session) {
        List<String> inserts = blocks.remove(session);
        return inserts == null ? List.of() : List.copyOf(inserts);
    }

    /** The one statement that runs {@code inserts} as one job, as a block's END does. */
    static String asExecuteStatementSet(List<String> inserts) {
        StringBuilder sql = new StringBuilder("EXECUTE STATEMENT SET\nBEGIN\n");
        for (String insert : inserts) {
            String text = insert.strip();
            // A line comment at its end would swallow the ';' that closes it.
            boolean endsInComment = text.substring(text.lastIndexOf('\n') + 1).contains("--");
            sql.append(text).append(endsInComment ? "\n;\n" : ";\n");
        }
        return sql.append("END").toString();
    }
}
