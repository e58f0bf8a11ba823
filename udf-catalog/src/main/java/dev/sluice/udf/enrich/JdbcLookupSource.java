package dev.sluice.udf.enrich;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.udf.enrich.EnrichmentSpec.JdbcSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks keys up in a PostgreSQL table with one prepared statement ({@link JdbcSource#lookupSql()}), on a pool of
 * {@code maxConnections} connections and as many threads: JDBC blocks, so the waiting happens there and never on
 * Flink's task thread. The server cancels a query that runs past the timeout ({@code statement_timeout}).
 */
final class JdbcLookupSource implements LookupSource {

    private final HikariDataSource pool;
    private final ExecutorService executor;
    private final String sql;

    JdbcLookupSource(String functionName, JdbcSource source, Duration timeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sluice-enrich-" + functionName);
        config.setJdbcUrl(source.url());
        if (source.user() != null) {
            config.setUsername(source.user());
        }
        if (source.password() != null) {
            config.setPassword(source.password().resolve());
        }
        config.setMaximumPoolSize(source.maxConnections());
        // No connections kept open while idle, and no failure at start when the database is down: a lookup that
        // finds it down falls back, and the next one tries again.
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setReadOnly(true);
        config.addDataSourceProperty("options", "-c statement_timeout=" + Math.max(1, timeout.toMillis()));
        // Keys arrive as Java strings or numbers; untyped strings let PostgreSQL cast '42' to an integer key column.
        config.addDataSourceProperty("stringtype", "unspecified");
        config.addDataSourceProperty("ApplicationName", "sluice-enrich-" + functionName);
        this.pool = new HikariDataSource(config);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(source.maxConnections(), runnable -> {
            Thread thread = new Thread(runnable, "sluice-enrich-" + functionName + "-jdbc-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sql = source.lookupSql();
    }

    @Override
    public CompletableFuture<LookupResult> lookup(Object key) {
        return CompletableFuture.supplyAsync(() -> query(key), executor);
    }

    private LookupResult query(Object key) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? LookupResult.of(rows.getString(1)) : LookupResult.MISSING;
            }
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pool.close();
    }
}
