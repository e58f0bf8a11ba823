package dev.sluice.gateway.store;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The repositories' only way to the database: every value is a bound parameter, every {@link SQLException} becomes
 * a {@link StoreException} naming the action that failed.
 */
final class Jdbc {

    /** SQLSTATE of a duplicate key, on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** SQLSTATEs of a foreign key violation: PostgreSQL uses the first for both directions, H2 the second too. */
    private static final Set<String> FOREIGN_KEY_VIOLATIONS = Set.of("23503", "23506");

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = requireNonNull(dataSource, "dataSource is null");
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it. The pool restores auto-commit when
     * the connection is returned.
     */
    <T> T inTransaction(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    /**
     * Updates the row, else inserts it: portable across H2 and PostgreSQL, unlike their upsert dialects. Both
     * statements take {@code parameters} in the same order. A concurrent first write of the same key makes the
     * insert fail with ALREADY_EXISTS; the update after it then wins.
     */
    void updateOrInsert(String action, String update, String insert, Object... parameters) {
        try {
            inTransaction(action, connection -> {
                int updated = update(connection, update, parameters);
                return updated > 0 ? updated : update(connection, insert, parameters);
            });
        } catch (StoreException e) {
            if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
                throw e;
            }
            update(action, update, parameters);
        }
    }

    int update(String action, String sql, Object... parameters) {
        return withConnection(action, connection -> update(connection, sql, parameters));
    }

    <T> List<T> query(String action, String sql, RowMapper<T> mapper, Object... parameters) {
        return withConnection(action, connection -> query(connection, sql, mapper, parameters));
    }

    <T> Optional<T> queryFirst(String action, String sql, RowMapper<T> mapper, Object... parameters) {
        return query(action, sql, mapper, parameters).stream().findFirst();
    }

    static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    /** The column's time, or {@code null} where the column is SQL NULL. */
    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Runs {@code work} on one connection in auto-commit mode. */
    <T> T withConnection(String action, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(action, e);
        }
    }

    /**
     * Rolls back after {@code failure}. A connection the store failed under cannot roll back either (the pool has
     * closed it, or the server has); the failure that happened first is the one to report.
     */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            // Every nullable column is text; PostgreSQL needs a type for a null parameter.
            statement.setNull(index, Types.VARCHAR);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else if (value instanceof Enum<?> constant) {
            statement.setString(index, constant.name());
        } else {
            statement.setObject(index, value);
        }
    }

    private static StoreException translate(String action, SQLException e) {
        String state = e.getSQLState();
        if (UNIQUE_VIOLATION.equals(state)) {
            return new StoreException(
                    StoreException.Reason.ALREADY_EXISTS, action, "Cannot " + action + ": it already exists", e);
        }
        if (FOREIGN_KEY_VIOLATIONS.contains(state)) {
            return new StoreException(
                    StoreException.Reason.BROKEN_REFERENCE,
                    action,
                    "Cannot " + action + ": it refers to a missing object, or is still referred to",
                    e);
        }
        return new StoreException(StoreException.Reason.FAILURE, action, "Cannot " + action + ": " + e.getMessage(), e);
    }
}
