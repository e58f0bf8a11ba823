package dev.sluice.gateway.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How often PostgreSQL has scanned a table (sequential plus index scans), from its own statistics: a count of the
 * queries that reached the database, which no client-side counter can fake. Backends report at most every second
 * and when they disconnect, so callers wait for the count to settle.
 */
public final class PostgresScans {

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
}
