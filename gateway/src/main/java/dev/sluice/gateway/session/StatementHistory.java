package dev.sluice.gateway.session;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.admit.HeldForApproval;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.store.HistoryRecord;
import dev.sluice.gateway.store.HistoryRepository;
import dev.sluice.gateway.store.HistoryStatus;
import dev.sluice.gateway.store.StoreException;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Each user's history of what they ran, on every listener: a statement is recorded as it is submitted, and its entry
 * ends once, with the first outcome seen. A command or INSERT ends when its operation has done its part (the command
 * ran, the job was submitted); a query when it is read to its end, closed or cancelled, or its session closes.
 */
public final class StatementHistory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatementHistory.class);

    private final HistoryRepository store;
    private final int keepPerUser;
    private final Clock clock;
    private final Map<OperationHandle, Running> running = new ConcurrentHashMap<>();
    // Each waits for one operation to have done its part (milliseconds for a command, a job's submission for an
    // INSERT or a query), so the entry's duration is the statement's, whichever listener ran it and however its client
    // follows it.
    private final ExecutorService waiters = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sluice-history");
        thread.setDaemon(true);
        return thread;
    });

    /** A statement of the history that has not ended yet. */
    private record Running(String entryId, SessionHandle session, StatementKind kind) {}

    /** @param keepPerUser the entries each user keeps; older ones are dropped as new ones are recorded */
    public StatementHistory(HistoryRepository store, int keepPerUser, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.keepPerUser = keepPerUser;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Records a statement as running before the pipeline sees it; answers its entry's id. A store that cannot record
     * it fails the statement, as for its audit row.
     */
    String started(Principal owner, Listener listener, String sql) {
        String id = UUID.randomUUID().toString();
        store.insert(
                new HistoryRecord(
                        id,
                        owner.tenant(),
                        owner.name(),
                        listener.name(),
                        sql,
                        HistoryStatus.RUNNING,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        null,
                        null,
                        null),
                keepPerUser);
        return id;
    }

    /** The pipeline did not run the statement: refused by a check, invalid, or held for approval. */
    void notRun(String entryId, RuntimeException failure) {
        if (failure instanceof HeldForApproval held) {
            finish(entryId, HistoryStatus.HELD, held.approvalId(), held.getMessage());
        } else if (failure instanceof GatewayException refusal && refused(refusal.code())) {
            finish(entryId, HistoryStatus.REFUSED, null, refusal.getMessage());
        } else {
            finish(entryId, HistoryStatus.FAILED, null, describe(failure));
        }
    }

    /** The policy, the quota or a limit said no; the SQL itself, or Flink, is at fault for a 400 or a 500. */
    private static boolean refused(ErrorCode code) {
        return code.httpStatus() != 400 && code.httpStatus() != 500;
    }

    /**
     * The statement runs as an operation; {@code awaitSubmission} waits until it has done its part, and fails as the
     * statement did.
     */
    void submitted(String entryId, SubmittedStatement submitted, Runnable awaitSubmission) {
        running.put(submitted.operation(), new Running(entryId, submitted.session(), submitted.kind()));
        waiters.execute(() -> {
            try {
                awaitSubmission.run();
                if (submitted.kind() != StatementKind.QUERY) {
                    ended(
                            submitted.operation(),
                            HistoryStatus.SUCCEEDED,
                            submitted.kind() == StatementKind.JOB ? submitted.id() : null);
                }
            } catch (RuntimeException e) {
                // A statement closed or cancelled meanwhile has ended already; this is then its echo.
                ended(submitted.operation(), HistoryStatus.FAILED, describe(e));
            }
        });
    }

    /** A failure's words for its user: a gateway error's own message; anything else is the gateway's fault. */
    private static String describe(RuntimeException failure) {
        return failure instanceof GatewayException known
                ? known.getMessage()
                : "The gateway failed to run it; its log says why.";
    }

    /** The kind of statement the operation runs, while its entry has not ended; empty for any other operation. */
    Optional<StatementKind> following(OperationHandle operation) {
        return Optional.ofNullable(running.get(operation)).map(Running::kind);
    }

    /**
     * Ends the operation's entry, if it has not ended yet.
     *
     * @param detail the job's id for a job that succeeded, else why it did not
     */
    void ended(OperationHandle operation, HistoryStatus status, @Nullable String detail) {
        Running entry = running.remove(operation);
        if (entry == null) {
            return;
        }
        if (status != HistoryStatus.SUCCEEDED) {
            finish(entry.entryId(), status, null, detail);
        } else {
            finish(entry.entryId(), status, entry.kind() == StatementKind.JOB ? detail : null, null);
        }
    }

    /** Ends the entries of the sessions that closed: what still ran in them was cancelled with them. */
    void sessionsClosed(Predicate<SessionHandle> closed) {
        List<OperationHandle> gone = running.entrySet().stream()
                .filter(entry -> closed.test(entry.getValue().session()))
                .map(Map.Entry::getKey)
                .toList();
        gone.forEach(operation -> ended(operation, HistoryStatus.CANCELLED, "Its session closed."));
    }

    private void finish(String entryId, HistoryStatus status, @Nullable String jobId, @Nullable String message) {
        try {
            store.finish(entryId, status, clock.instant().truncatedTo(ChronoUnit.MILLIS), jobId, message);
        } catch (StoreException e) {
            // The statement's own outcome does not depend on its history; the entry stays RUNNING.
            LOG.warn("Recording the end of history entry {} failed: {}", entryId, e.getMessage());
        }
    }

    @Override
    public void close() {
        waiters.shutdownNow();
    }
}
