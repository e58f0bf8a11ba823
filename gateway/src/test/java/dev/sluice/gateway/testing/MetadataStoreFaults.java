package dev.sluice.gateway.testing;

import org.h2.api.Trigger;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * Faults a test puts into a metadata store, under a running gateway or a {@code MetadataStore}, through a connection
 * of its own, as the store's disk or file would: every write refused while reads still work (a full disk), or the
 * embedded H2 database closed under its users (what H2 does when a write to its file fails). Works on both backends
 * unless a method says otherwise.
 */
public final class MetadataStoreFaults {

    /** PostgreSQL's SQLSTATE for a full disk; the H2 trigger gives the same. */
    private static final String DISK_FULL = "53100";

    private static final String TRIGGER_PREFIX = "sluice_test_refuse_";

    /** Opens a connection of the test's own to the store (to embedded H2 from the same JVM, so the same database). */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections store;

    public MetadataStoreFaults(Connections store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** The faults of a running gateway's store. */
    public static MetadataStoreFaults of(SluiceServerExtension gateway) {
        return new MetadataStoreFaults(gateway::connectToMetadataStore);
    }

    /** From now on every insert, update and delete of every table fails, as on a full disk; reads still work. */
    public void refuseWrites() throws SQLException {
        refuseWrites(table -> true);
    }

    /** As {@link #refuseWrites()}, for one table only (named in lower case), e.g. to fail a call's last write. */
    public void refuseWritesTo(String table) throws SQLException {
        refuseWrites(table::equalsIgnoreCase);
    }

    private void refuseWrites(Predicate<String> refused) throws SQLException {
        try (Connection connection = store.open();
                Statement statement = connection.createStatement()) {
            boolean h2 = isH2(connection);
            if (!h2) {
                statement.execute(
                        "CREATE OR REPLACE FUNCTION " + TRIGGER_PREFIX + "writes() RETURNS trigger LANGUAGE plpgsql AS"
                                + " $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '"
                                + DISK_FULL
                                + "'; END $$");
            }
            for (String table : tables(connection).stream().filter(refused).toList()) {
                statement.execute(
                        h2
                                ? "CREATE TRIGGER \"" + TRIGGER_PREFIX + table
                                        + "\" BEFORE INSERT, UPDATE, DELETE ON \"" + table + "\" FOR EACH ROW CALL '"
                                        + RefuseWrites.class.getName() + "'"
                                : "CREATE TRIGGER \"" + TRIGGER_PREFIX + table
                                        + "\" BEFORE INSERT OR UPDATE OR DELETE ON \"" + table
                                        + "\" FOR EACH ROW EXECUTE FUNCTION " + TRIGGER_PREFIX + "writes()");
            }
        }
    }

    /** Undoes {@link #refuseWrites()}: the store works again. */
    public void allowWrites() throws SQLException {
        try (Connection connection = store.open();
                Statement statement = connection.createStatement()) {
            boolean h2 = isH2(connection);
            for (String table : tables(connection)) {
                statement.execute(
                        h2
                                ? "DROP TRIGGER IF EXISTS \"" + TRIGGER_PREFIX + table + "\""
                                : "DROP TRIGGER IF EXISTS \"" + TRIGGER_PREFIX + table + "\" ON \"" + table + "\"");
            }
        }
    }

    /**
     * Closes the embedded H2 database's file under its users without writing anything more, as H2 does itself when a
     * write to the file fails (it "panics"): every connection they hold then answers "The database has been
     * closed", while the file keeps what was committed.
     */
    public void closeEmbeddedStore() throws SQLException {
        try (Connection connection = store.open()) {
            if (!isH2(connection)) {
                throw new IllegalStateException("Only the embedded H2 store can be closed under its users");
            }
            SessionLocal session =
                    (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            session.getDatabase().getStore().closeImmediately();
        } catch (SQLException e) {
            // Closing our own connection to the closed database fails too; the database is closed all the same.
            if (!"90098".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static boolean isH2(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().equals("H2");
    }

    /** The store's tables, but Flyway's own (which the gateway only writes while migrating). */
    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_schema = CURRENT_SCHEMA AND table_type = 'BASE TABLE'"
                        + " AND table_name <> 'flyway_schema_history'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    /** The H2 trigger of {@link #refuseWrites()}: H2 calls it by class name, so it must be public. */
    public static final class RefuseWrites implements Trigger {
        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            throw new SQLException("No space left on device", DISK_FULL);
        }
    }
}
