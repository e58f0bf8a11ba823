package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.Principal;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * A query running in an open session of this gateway, and when its client last asked for its results.
 *
 * @param sql the statement as its client sent it
 * @param readers the calls waiting on its results now (a first page waits while the job starts): it is being read
 */
public record RunningQuery(
        SessionHandle session,
        OperationHandle operation,
        Principal owner,
        Listener listener,
        String sql,
        Instant startedAt,
        Instant lastReadAt,
        int readers) {

    public RunningQuery {
        requireNonNull(session, "session is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(lastReadAt, "lastReadAt is null");
        if (readers < 0) {
            throw new IllegalArgumentException("readers is negative: " + readers);
        }
    }

    /** Sluice's id of the query: its statement's id, and its admission's. */
    public String id() {
        return operation.getIdentifier().toString();
    }

    /** Read at {@code now}, with one more ({@code change} 1) or one fewer (-1) reader waiting. */
    RunningQuery readAt(Instant now, int change) {
        return new RunningQuery(session, operation, owner, listener, sql, startedAt, now, readers + change);
    }
}
