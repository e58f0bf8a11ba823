package dev.sluice.udf.enrich;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.udf.enrich.EnrichmentSpec.JdbcSource;
import dev.sluice.udf.net.OutboundDeniedException;
import dev.sluice.udf.net.OutboundRules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks keys up in a PostgreSQL table with one prepared statement ({@link JdbcSource#lookupSql()}), on a pool of
 * {@code maxConnections} connections and as many threads: JDBC blocks, so the waiting happens there and never on
 * Flink's task thread. The server cancels a query that runs past the timeout ({@code statement_timeout}). Connections
 * are made by {@link CheckedSocketFactory}, so only to addresses the tenant's outbound rules allow.
 */
final class JdbcLookupSource implements LookupSource {

    private final HikariDataSource pool;
    private final ExecutorService executor;
    private final String sql;
    private final List<Endpoint> endpoints;
    private final OutboundRules outbound;

    JdbcLookupSource(String functionName, JdbcSource source, Duration timeout, OutboundRules outbound) {
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
        // Every connection, the pool's and a query cancel's alike, goes through the tenant's rules; the spec's URL
        // cannot set these (PostgresUrl allows a list of parameters only).
        config.addDataSourceProperty("socketFactory", CheckedSocketFactory.class.getName());
        config.addDataSourceProperty("socketFactoryArg", CheckedSocketFactory.argument(outbound));
        this.pool = new HikariDataSource(config);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(source.maxConnections(), runnable -> {
            Thread thread =
                    new Thread(runnable, "sluice-enrich-" + functionName + "-jdbc-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.sql = source.lookupSql();
        this.endpoints = source.endpoints();
        this.outbound = outbound;
    }

    @Override
    public CompletableFuture<LookupResult> lookup(Object key) {
        return CompletableFuture.supplyAsync(() -> query(key), executor);
    }

    private LookupResult query(Object key) {
        requireSomeHostAllowed();
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? LookupResult.of(rows.getString(1)) : LookupResult.MISSING;
            }
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Fails the lookup at once when the rules refuse every host of the URL, instead of when the pool gives up waiting
     * for a connection (the lookup's timeout, which would hide the refusal). The socket factory still checks every
     * connection: what a name resolves to may change between here and there.
     */
    private void requireSomeHostAllowed() {
        OutboundDeniedException denied = null;
        for (Endpoint endpoint : endpoints) {
            try {
                outbound.resolve(endpoint.host(), endpoint.port());
                return;
            } catch (OutboundDeniedException e) {
                denied = e;
            }
        }
        throw new CompletionException(denied);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        pool.close();
    }
}
