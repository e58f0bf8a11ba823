package dev.sluice.gateway.pgwire;

import java.time.Duration;
import java.util.List;

/**
 * A statement that has started and whose result a client reads: a query's rows as they come, a command's complete
 * result, or nothing but a command tag. Rows are taken in batches; closing it before the end cancels what runs.
 */
interface Execution extends AutoCloseable {

    /** Waits without limit for rows (until the client cancels or goes away). */
    Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    /** The result's columns; none for a command without a result. */
    List<PgColumn> columns();

    /**
     * The next rows: as soon as there are {@code max} of them, the result has ended, or some have come and no more are
     * ready yet; none when {@code maxWait} passes before the first.
     */
    List<List<Object>> take(int max, Duration maxWait);

    /** Whether every row has been taken. */
    boolean ended();

    /** The command tag of the completed statement, given the rows a client read in this round. */
    String tag(long rows);

    /** Stops it: a query's job is cancelled. Closing an ended execution does nothing. */
    @Override
    void close();
}
