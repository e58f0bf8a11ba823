package dev.sluice.gateway.pgwire;

import dev.sluice.gateway.pipeline.SubmittedStatement;
import dev.sluice.gateway.pipeline.statement.FlinkErrors;
import dev.sluice.gateway.session.SessionService;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.gateway.api.results.ResultSet;
import org.apache.flink.types.RowKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A Flink query's rows as they come, read from the session service in batches. A bounded query ends when Flink has
 * sent its last row; an unbounded one runs until it is closed, which cancels its job.
 *
 * <p>An updating query (an aggregate without a window, a join without time bounds) sends changes: rows inserted,
 * retracted (-U, -D) and updated (+U). With the connection's {@value ClientParameters#ROW_KIND} on, every change is a
 * row whose first column {@code row_kind} says which. Without it, a client sees the rows as they are inserted or
 * updated (+I, +U) and not the retractions, and is told so once, in a warning, when the first retraction comes.
 */
final class FlinkQuery implements Execution {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkQuery.class);

    /** Most rows read from Flink in one call. */
    private static final int BATCH = 1000;
    /**
     * Longest pause between two looks for rows that are not ready yet: the most a row waits before it is sent. Each look
     * re-checks the session's token in the metadata store, so an idle stream looks at most ten times a second.
     */
    private static final long MAX_PAUSE_MILLIS = 100;

    private final SessionService sessions;
    private final SubmittedStatement submitted;
    private final FlinkRows rows;
    private final boolean withRowKind;
    private final Interruptions interruptions;
    private final Runnable firstRetraction;
    private final List<PgColumn> columns;
    private long token;
    private boolean ended;
    private boolean closed;
    private boolean retractionSeen;

    /**
     * @param firstRetraction told when the first retraction is left out (without the row kind column)
     */
    FlinkQuery(
            SessionService sessions,
            SubmittedStatement submitted,
            boolean withRowKind,
            Interruptions interruptions,
            Runnable firstRetraction) {
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.submitted = requireNonNull(submitted, "submitted is null");
        this.withRowKind = withRowKind;
        this.interruptions = requireNonNull(interruptions, "interruptions is null");
        this.firstRetraction = requireNonNull(firstRetraction, "firstRetraction is null");
        this.rows = new FlinkRows(sessions.resultSchema(submitted.session(), submitted.operation()));
        List<PgColumn> all = new ArrayList<>();
        if (withRowKind) {
            all.add(new PgColumn("row_kind", PgType.TEXT));
        }
        all.addAll(rows.columns());
        this.columns = List.copyOf(all);
    }

    @Override
    public List<PgColumn> columns() {
        return columns;
    }

    @Override
    public List<List<Object>> take(int max, Duration maxWait) {
        long deadline = deadline(maxWait);
        List<List<Object>> taken = new ArrayList<>();
        long pause = 1;
        while (!ended && taken.size() < max) {
            interruptions.check();
            ResultSet page = fetch(Math.min(BATCH, max - taken.size()));
            if (page.getResultType() == ResultSet.ResultType.EOS) {
                ended = true;
            } else if (page.getResultType() == ResultSet.ResultType.PAYLOAD
                    && !page.getData().isEmpty()) {
                token = page.getNextToken() == null ? token + 1 : page.getNextToken();
                page.getData().forEach(row -> add(row, taken));
                pause = 1;
            } else {
                // Nothing ready now (Flink also answers an empty PAYLOAD): what was taken goes out, else wait a little.
                if (page.getResultType() == ResultSet.ResultType.PAYLOAD && page.getNextToken() != null) {
                    token = page.getNextToken();
                }
                long now = System.nanoTime();
                if (!taken.isEmpty() || now - deadline >= 0) {
                    return taken;
                }
                interruptions.pause(Math.min(pause, Math.max(1, (deadline - now) / 1_000_000)));
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            }
        }
        return taken;
    }

    private ResultSet fetch(int maxRows) {
        try {
            return sessions.fetchResults(submitted.session(), submitted.operation(), token, maxRows);
        } catch (RuntimeException e) {
            // The job failed, or its session closed: in the gateway's terms, at the statement's position.
            throw FlinkErrors.toGatewayException(e, submitted.statement());
        }
    }

    private void add(RowData row, List<List<Object>> taken) {
        RowKind kind = row.getRowKind();
        if (withRowKind) {
            List<Object> values = new ArrayList<>(columns.size());
            values.add(kind.shortString());
            values.addAll(rows.values(row));
            taken.add(values);
        } else if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
            taken.add(rows.values(row));
        } else if (!retractionSeen) {
            retractionSeen = true;
            firstRetraction.run();
        }
    }

    private static long deadline(Duration maxWait) {
        long now = System.nanoTime();
        long wait = maxWait.compareTo(Duration.ofDays(365)) > 0
                ? Duration.ofDays(365).toNanos()
                : maxWait.toNanos();
        return now + wait;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public String tag(long rowCount) {
        return "SELECT " + rowCount;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sessions.closeOperation(submitted.session(), submitted.operation());
        } catch (RuntimeException e) {
            // Its session closed first (the connection ends, or the token was revoked): the query went with it.
            LOG.debug("Closing query {} failed: {}", submitted.id(), e.getMessage());
        }
    }
}
