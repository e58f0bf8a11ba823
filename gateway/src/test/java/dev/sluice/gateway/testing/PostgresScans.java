package dev.sluice.gateway.testing;

import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * How often PostgreSQL has scanned a table (sequential plus index scans), from its own statistics: a count of the
 * queries that reached the database, which no client-side counter can fake. Backends report at most every second
 * and when they disconnect, so callers wait for the count to settle ({@link #settledSince}).
 */
public final class PostgresScans {

    /** Opens a connection to the database whose statistics are read. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private static final Duration EXPECTED_TIMEOUT = Duration.ofSeconds(15);
    /** Longer than PostgreSQL's one-second statistics flush: a count unchanged for this long has settled. */
    private static final Duration SETTLE = Duration.ofMillis(1500);

    private PostgresScans() {}

    public static long of(Connection connection, String schema, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(seq_scan, 0) + "
                + "coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE schemaname = ? AND relname = ?")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /**
     * The table's scans since a count of {@code before}, once they reached {@code expected} (or 15 s passed) and a
     * further flush interval added nothing more.
     */
    public static long settledSince(Connector database, String schema, String table, long before, long expected) {
        try {
            await(expected + " scans of " + table)
                    .atMost(EXPECTED_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> of(database, schema, table) - before >= expected);
        } catch (ConditionTimeoutException fewer) {
            // Fewer is an answer too: the caller checks the count.
        }
        AtomicLong previous = new AtomicLong(-1);
        return await("the scans of " + table + " to settle")
                .during(SETTLE)
                .atMost(EXPECTED_TIMEOUT.plus(SETTLE))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> of(database, schema, table) - before, scans -> previous.getAndSet(scans) == scans);
    }

    /** The table's scans so far, through a connection of its own. */
    public static long of(Connector database, String schema, String table) throws SQLException {
        try (Connection connection = database.connect()) {
            return of(connection, schema, table);
        }
    }
}
