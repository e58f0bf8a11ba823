package dev.sluice.gateway.session;

import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The queries running in this gateway's open sessions, with when each was last read, and those the gateway cancelled
 * before their clients had read them to the end, so that a client coming back learns why its query is gone instead of
 * finding nothing. A cancellation is forgotten with its session.
 */
final class OpenQueries {

    private final Clock clock;
    private final Map<OperationHandle, RunningQuery> running = new ConcurrentHashMap<>();
    private final Map<OperationHandle, Cancelled> cancelled = new ConcurrentHashMap<>();

    /** Why a query was cancelled, as its reader will be told. */
    private record Cancelled(SessionHandle session, String message, String hint) {}

    OpenQueries(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    void started(RunningQuery query) {
        running.put(query.operation(), query);
    }

    /**
     * Notes that the query's client asks for its results now, and waits for them until the returned reading is
     * done: a query is not unread while a call waits on it.
     *
     * @throws GatewayException {@code QUERY_CANCELLED} when the gateway cancelled it meanwhile
     */
    Reading reading(OperationHandle operation) {
        requireNotCancelled(operation);
        running.computeIfPresent(operation, (handle, query) -> query.readAt(clock.instant(), 1));
        return () -> running.computeIfPresent(operation, (handle, query) -> query.readAt(clock.instant(), -1));
    }

    /** Counts as a read now: the query's start, which its client waits for, is not its client going away. */
    void starting(OperationHandle operation) {
        running.computeIfPresent(operation, (handle, query) -> query.readAt(clock.instant(), 0));
    }

    /** A call waiting on a query's results. */
    interface Reading {
        void done();
    }

    /** Throws {@code QUERY_CANCELLED} if the gateway cancelled the query before its client read all of it. */
    void requireNotCancelled(OperationHandle operation) {
        Cancelled why = cancelled.get(operation);
        if (why != null) {
            throw new GatewayException(ErrorCode.QUERY_CANCELLED, why.message(), null, null, why.hint(), null);
        }
    }

    /** The query ended, or its client closed it: nothing to follow any more. */
    void ended(OperationHandle operation) {
        running.remove(operation);
    }

    /** Forgets the queries of a session that closed, and why any of them was cancelled. */
    void sessionClosed(SessionHandle session) {
        running.values().removeIf(query -> query.session().equals(session));
        cancelled.values().removeIf(why -> why.session().equals(session));
    }

    /** Forgets what belongs to sessions that are no longer open. */
    void forgetSessions(Predicate<SessionHandle> closed) {
        running.values().removeIf(query -> closed.test(query.session()));
        cancelled.values().removeIf(why -> closed.test(why.session()));
    }

    /**
     * Takes the query out of the running ones, remembering why, for its reader.
     *
     * @return the query, or empty if it was not running (any more)
     */
    Optional<RunningQuery> cancel(OperationHandle operation, String message, String hint) {
        RunningQuery query = running.remove(operation);
        if (query == null) {
            return Optional.empty();
        }
        cancelled.put(operation, new Cancelled(query.session(), message, hint));
        return Optional.of(query);
    }

    /** The running queries nobody has read for {@code unread} or longer, oldest read first. */
    List<RunningQuery> unreadFor(Duration unread) {
        Instant before = clock.instant().minus(unread);
        return running.values().stream()
                .filter(query -> query.readers() == 0 && !query.lastReadAt().isAfter(before))
                .sorted(Comparator.comparing(RunningQuery::lastReadAt))
                .toList();
    }

    Optional<RunningQuery> find(String queryId) {
        return running.values().stream()
                .filter(query -> query.id().equals(queryId))
                .findFirst();
    }

    /** Every running query, oldest first. */
    List<RunningQuery> all() {
        return running.values().stream()
                .sorted(Comparator.comparing(RunningQuery::startedAt).thenComparing(RunningQuery::id))
                .toList();
    }

    Instant now() {
        return clock.instant();
    }
}
