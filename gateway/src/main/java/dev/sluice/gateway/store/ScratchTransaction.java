package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose every write is undone at {@link #close()}: all connections it hands out are one connection in
 * one transaction that is never committed. Repositories built on it see the store as it is plus their own changes,
 * and nobody else sees those changes. Validation applies a script's DDL to such a scratch copy of the catalog.
 *
 * <p>The repositories commit, roll back and close as usual; here a commit keeps the changes for the rest of the
 * transaction, a rollback undoes only that unit of work, and each statement runs under its own savepoint, so one
 * failed statement (a duplicate name, say) does not abort the whole transaction as PostgreSQL otherwise would.
 */
public final class ScratchTransaction implements DataSource, AutoCloseable {

    private final Connection connection;
    private final Connection shared;

    public ScratchTransaction(DataSource store) throws SQLException {
        this.connection = requireNonNull(store, "store is null").getConnection();
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        this.shared = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new SharedConnection());
    }

    @Override
    public Connection getConnection() {
        return shared;
    }

    @Override
    public Connection getConnection(String username, String password) {
        return shared;
    }

    /** Undoes every change and gives the connection back to the pool. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        } finally {
            connection.setAutoCommit(true);
            connection.close();
        }
    }

    /** The one connection, as the repositories use it. */
    private final class SharedConnection implements InvocationHandler {
        // The savepoint at the start of the repository's own transaction, while one is open.
        private Savepoint unitOfWork;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close", "commit":
                    releaseUnitOfWork();
                    return null;
                case "setAutoCommit":
                    if (!(Boolean) args[0]) {
                        unitOfWork = connection.setSavepoint();
                    } else {
                        releaseUnitOfWork();
                    }
                    return null;
                case "getAutoCommit":
                    return unitOfWork == null;
                case "rollback":
                    if (args == null && unitOfWork != null) {
                        connection.rollback(unitOfWork);
                        unitOfWork = null;
                        return null;
                    }
                    break;
                default:
                    break;
            }
            Object result = call(connection, method, args);
            if (result instanceof Statement statement) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(
                        Connection.class.getClassLoader(), new Class<?>[] {type}, new SavepointPerExecution(statement));
            }
            return result;
        }

        private void releaseUnitOfWork() throws SQLException {
            if (unitOfWork != null) {
                connection.releaseSavepoint(unitOfWork);
                unitOfWork = null;
            }
        }
    }

    /** Runs each execution of a statement under a savepoint, so its failure undoes that statement only. */
    private final class SavepointPerExecution implements InvocationHandler {
        private final Statement statement;

        SavepointPerExecution(Statement statement) {
            this.statement = statement;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (!method.getName().startsWith("execute")) {
                return call(statement, method, args);
            }
            Savepoint before = connection.setSavepoint();
            try {
                Object result = call(statement, method, args);
                connection.releaseSavepoint(before);
                return result;
            } catch (SQLException e) {
                connection.rollback(before);
                throw e;
            }
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("ScratchTransaction wraps nothing");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
