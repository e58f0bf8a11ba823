package dev.sluice.benchmarks;

import dev.sluice.gateway.testing.PostgresScans;
import dev.sluice.udf.enrich.EnrichmentFunction;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Enrichment lookups per second against a real PostgreSQL, with the cache and without it, side by side in one run
 * (rounds alternate). Each run is a plain Flink streaming job on a MiniCluster in this JVM: datagen keys, uniform
 * over 1..1000, enriched from a 10,000-row table, into a blackhole sink. The rate limit is set far above what
 * either side reaches, so it does not bound them. Started by {@code benchmarks/run enrich}, which starts a
 * throw-away PostgreSQL when {@code SLUICE_TEST_POSTGRES_URL} is unset; Markdown on stdout.
 */
public final class EnrichmentLookups {

    private static final String USAGE = """
            Usage: benchmarks/run enrich [--rounds N] [--cached-rows N] [--uncached-rows N]
              --rounds N          runs per side, alternating, after one warm-up run of each (default 3)
              --cached-rows N     rows per run with the cache (default 500000)
              --uncached-rows N   rows per run without it: every row is a query (default 15000)
            """;
    private static final int KEYS = 1000;
    private static final int TABLE_ROWS = 10_000;

    private record Run(String side, long rows, double seconds, long queries) {
        double lookupsPerSecond() {
            return rows / seconds;
        }
    }

    private final String url = System.getenv("SLUICE_TEST_POSTGRES_URL");
    private final String user = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "sluice");
    private final String password = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "");
    private final String schema = "enrich_bench_" + ProcessHandle.current().pid();
    private final Configuration jobConfiguration = new Configuration();

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long cachedRows = 500_000;
        long uncachedRows = 15_000;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--cached-rows" -> cachedRows = Long.parseLong(args[++i]);
                    case "--uncached-rows" -> uncachedRows = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (rounds < 1 || cachedRows < 1 || uncachedRows < 1) {
                throw new IllegalArgumentException("--rounds and row counts must be positive");
            }
        } catch (RuntimeException e) {
            System.err.println("benchmarks: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        new EnrichmentLookups().run(System.out, rounds, cachedRows, uncachedRows);
        // Flink leaves non-daemon threads behind; the report is complete.
        System.exit(0);
    }

    private void run(PrintStream out, int rounds, long cachedRows, long uncachedRows) throws Exception {
        if (url == null) {
            throw new IllegalStateException("SLUICE_TEST_POSTGRES_URL is not set (benchmarks/run enrich sets it)");
        }
        Machine before = Machine.now();
        createTable();
        Configuration cluster = new Configuration();
        cluster.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        cluster.set(RestOptions.PORT, 0);
        List<Run> runs = new ArrayList<>();
        try (MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(cluster)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setCommonBindAddress("127.0.0.1")
                .build())) {
            flink.start();
            URI rest = flink.getRestAddress().get(60, TimeUnit.SECONDS);
            jobConfiguration.set(DeploymentOptions.TARGET, "remote");
            jobConfiguration.set(DeploymentOptions.ATTACHED, true);
            jobConfiguration.set(RestOptions.ADDRESS, rest.getHost());
            jobConfiguration.set(RestOptions.PORT, rest.getPort());
            jobConfiguration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
            System.err.println("enrich: warm-up");
            run("with cache", true, Math.min(cachedRows, 100_000));
            run("without cache", false, Math.min(uncachedRows, 5_000));
            for (int round = 1; round <= rounds; round++) {
                System.err.printf("enrich: round %d of %d%n", round, rounds);
                runs.add(run("with cache", true, cachedRows));
                runs.add(run("without cache", false, uncachedRows));
            }
        } finally {
            dropTable();
        }
        report(out, before, rounds, runs);
    }

    private Run run(String side, boolean cache, long rows) throws Exception {
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(jobConfiguration)
                .build());
        String function = cache ? "enrich_cached" : "enrich_uncached";
        // The benchmark's PostgreSQL is on this machine: loopback, which a tenant reaches only where an admin allows
        // it.
        tables.createTemporarySystemFunction(
                function,
                new EnrichmentFunction(function, spec(cache), new OutboundRules(List.of("127.0.0.1", "localhost"))));
        tables.executeSql(("CREATE TEMPORARY TABLE lookup_keys (k INT) WITH ('connector' = 'datagen', "
                        + "'number-of-rows' = '%d', 'rows-per-second' = '1000000000', 'fields.k.kind' = 'random', "
                        + "'fields.k.min' = '1', 'fields.k.max' = '%d')")
                .formatted(rows, KEYS));
        tables.executeSql("CREATE TEMPORARY TABLE sink (v STRING) WITH ('connector' = 'blackhole')");
        long queriesBefore = scans();
        long start = System.nanoTime();
        tables.executeSql("INSERT INTO sink SELECT " + function + "(k) FROM lookup_keys")
                .await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Run run = new Run(side, rows, seconds, awaitScans(queriesBefore, cache ? 1 : rows));
        System.err.printf("enrich: %s: %d rows in %.2f s, %d queries%n", side, rows, seconds, run.queries());
        return run;
    }

    private String spec(boolean cache) {
        return """
                {"source": {"type": "jdbc", "url": "%s", "table": "%s.titles", "keyColumn": "id", "valueColumn": "name",
                            "user": "%s", "passwordRef": "env:SLUICE_TEST_POSTGRES_PASSWORD", "maxConnections": 4},
                 "cache": {"enabled": %s, "maxEntries": %d},
                 "rateLimit": {"lookupsPerSecond": 1000000},
                 "timeout": "5 s", "fallback": "none"}""".formatted(url, schema, user, cache, KEYS);
    }

    private void report(PrintStream out, Machine before, int rounds, List<Run> runs) throws Exception {
        out.printf("## Enrichment lookups/s, with and without the cache (%s)%n%n", LocalDate.now());
        out.printf(
                "%d cores, %s memory, %s; load average before: %s, after: %s%n%n",
                before.cores(),
                before.memory(),
                before.java(),
                before.loadAverage(),
                Machine.now().loadAverage());
        out.printf(
                "%d rounds per side after a warm-up; keys uniform over 1..%d; parallelism 1; "
                        + "table.exec.async-scalar.max-concurrent-operations 10 (Flink's default); 4 connections.%n%n",
                rounds, KEYS);
        out.println("| side | rows per run | lookups/s: min / median / max | PostgreSQL queries per run (median) |");
        out.println("|---|---|---|---|");
        for (String side : List.of("with cache", "without cache")) {
            List<Run> sideRuns =
                    runs.stream().filter(run -> run.side().equals(side)).toList();
            Stats rate = Stats.of(sideRuns.stream().map(Run::lookupsPerSecond).toList());
            Stats queries = Stats.of(
                    sideRuns.stream().map(run -> (double) run.queries()).toList());
            out.printf("| %s | %d | %s | %.0f |%n", side, sideRuns.get(0).rows(), rate.format(0), queries.median());
        }
        out.println();
        out.println("Seconds are from submitting the INSERT to the job's end, so job start-up (about a second) is "
                + "included in both sides.");
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private void createTable() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
            statement.execute("CREATE TABLE " + schema + ".titles (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("INSERT INTO " + schema + ".titles SELECT i, 'title-' || i FROM generate_series(1, "
                    + TABLE_ROWS + ") AS i");
            statement.execute("ANALYZE " + schema + ".titles");
        }
    }

    private void dropTable() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private long scans() throws SQLException {
        try (Connection connection = connect()) {
            return PostgresScans.of(connection, schema, "titles");
        }
    }

    /** PostgreSQL's statistics lag by up to a second after a backend goes idle; wait for at least {@code least}. */
    private long awaitScans(long before, long least) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long scans = scans() - before;
        while (scans < least && System.nanoTime() < deadline) {
            Thread.sleep(200);
            scans = scans() - before;
        }
        return scans;
    }
}
