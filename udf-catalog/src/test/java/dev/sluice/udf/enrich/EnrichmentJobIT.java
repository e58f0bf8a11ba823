package dev.sluice.udf.enrich;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionSignature.Parameter;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Enrichment functions inside real Flink streaming jobs against the real PostgreSQL (and a real local HTTP server):
 * exact values, the fallback, the cache's hit ratio read from Flink's metrics, the rate limit counted by
 * PostgreSQL's own statistics, and a database that is down.
 */
class EnrichmentJobIT {

    private static final Path METRICS_DIR = createMetricsDir();
    /** The test's PostgreSQL and HTTP server listen on loopback, which a tenant reaches only where an admin allows it. */
    private static final OutboundRules LOOPBACK_ALLOWED = new OutboundRules(List.of("127.0.0.1", "localhost"));

    private static TestPostgres postgres;
    private static MiniCluster flink;
    private static Configuration jobConfiguration;

    @BeforeAll
    static void start() throws Exception {
        postgres = TestPostgres.start();
        Configuration config = new Configuration();
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(RestOptions.PORT, 0);
        config.setString("metrics.reporter.files.factory.class", FileMetricReporter.Factory.class.getName());
        config.setString("metrics.reporter.files.dir", METRICS_DIR.toString());
        flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(config)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .setCommonBindAddress("127.0.0.1")
                .build());
        flink.start();
        URI rest = flink.getRestAddress().get(30, TimeUnit.SECONDS);
        jobConfiguration = new Configuration();
        jobConfiguration.set(DeploymentOptions.TARGET, "remote");
        jobConfiguration.set(DeploymentOptions.ATTACHED, true);
        jobConfiguration.set(RestOptions.ADDRESS, rest.getHost());
        jobConfiguration.set(RestOptions.PORT, rest.getPort());
        jobConfiguration.set(CoreOptions.DEFAULT_PARALLELISM, 1);
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable pg = postgres;
                AutoCloseable cluster = flink) {
            // both closed, the cluster first
        }
    }

    @Test
    void returnsTheLookedUpValuesAndTheFallbackForAMissingKey() throws Exception {
        // The function as the catalog hands it to a job: a stored version instantiated by its language.
        FunctionSignature signature = new FunctionSignature(List.of(new Parameter("id", "INT")), "STRING");
        String spec = postgres.titlesSpec("\"timeout\": \"5 s\"");
        FunctionDefinition definition = new FunctionDefinition(
                "default",
                "exact_titles",
                FunctionKind.SCALAR,
                Language.ENRICHMENT,
                signature,
                "analyst",
                "titles by id",
                false);
        FunctionVersion version = new FunctionVersion(
                1, signature, FunctionPayload.source(null, spec), "0".repeat(64), Instant.now(), "analyst");
        TableEnvironment tables = tables();
        tables.createTemporarySystemFunction(
                "exact_titles",
                new EnrichmentLanguage(tenant -> LOOPBACK_ALLOWED)
                        .instantiate(
                                definition,
                                version,
                                new FunctionContext(
                                        getClass().getClassLoader(),
                                        METRICS_DIR,
                                        (tenant, name) -> Optional.empty(),
                                        LOOPBACK_ALLOWED)));

        List<Row> rows = collect(
                tables.executeSql("SELECT id, exact_titles(id) FROM (VALUES (1), (42), (100), (404), (42)) AS t(id)"));

        assertThat(rows)
                .containsExactly(
                        Row.of(1, "title-1"),
                        Row.of(42, "title-42"),
                        Row.of(100, "title-100"),
                        Row.of(404, "none"),
                        Row.of(42, "title-42"));
        assertThat(metric("exact_titles", "fallbacks")).isEqualTo("1");
    }

    @Test
    void keepsTheHitRatioOfAKnownKeyDistribution() throws Exception {
        long scansBefore = postgres.titleScans();
        TableEnvironment tables = tables();
        tables.createTemporarySystemFunction(
                "ratio_titles",
                new EnrichmentFunction(
                        "ratio_titles",
                        postgres.titlesSpec("\"timeout\": \"5 s\", \"rateLimit\": {\"lookupsPerSecond\": 10000}"),
                        LOOPBACK_ALLOWED));
        tables.executeSql("CREATE TEMPORARY TABLE numbers (n BIGINT) WITH ('connector' = 'datagen', "
                + "'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '2000')");

        // 2000 rows over 20 keys: each key is queried once, every other call is a hit.
        List<Row> rows = collect(tables.executeSql(
                "SELECT k, ratio_titles(k) FROM " + "(SELECT CAST(MOD(n, 20) + 1 AS INT) AS k FROM numbers)"));

        assertThat(rows)
                .hasSize(2000)
                .allSatisfy(row -> assertThat(row.getField(1)).isEqualTo("title-" + row.getField(0)));
        assertThat(metric("ratio_titles", "cacheMisses")).isEqualTo("20");
        assertThat(metric("ratio_titles", "cacheHits")).isEqualTo("1980");
        assertThat(Double.parseDouble(metric("ratio_titles", "cacheHitRatio"))).isEqualTo(0.99);
        assertThat(metric("ratio_titles", "storeLookups")).isEqualTo("20");
        assertThat(awaitScans(scansBefore, 20)).isEqualTo(20);
    }

    @Test
    void neverQueriesPostgresFasterThanTheRateLimit() throws Exception {
        double rate = 20;
        long scansBefore = postgres.titleScans();
        TableEnvironment tables = tables();
        tables.createTemporarySystemFunction(
                "limited_titles",
                new EnrichmentFunction(
                        "limited_titles",
                        postgres.titlesSpec(
                                "\"timeout\": \"200 ms\", \"rateLimit\": {\"lookupsPerSecond\": " + rate + "}"),
                        LOOPBACK_ALLOWED));
        tables.executeSql("CREATE TEMPORARY TABLE numbers (n INT) WITH ('connector' = 'datagen', "
                + "'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '300')");

        long start = System.nanoTime();
        // 300 distinct keys (201..300 are missing): every call needs a query, far more than 20/s allow.
        List<Row> rows = collect(tables.executeSql("SELECT n, limited_titles(n) FROM numbers"));
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        long lookups = Long.parseLong(metric("limited_titles", "storeLookups"));
        long throttled = Long.parseLong(metric("limited_titles", "throttled"));
        long scans = awaitScans(scansBefore, lookups);
        assertThat(scans)
                .as("queries PostgreSQL saw in %.2f s", elapsedSeconds)
                .isPositive()
                .isLessThanOrEqualTo(1 + (long) (rate * elapsedSeconds));
        assertThat(throttled).isPositive();
        assertThat(rows)
                .hasSize(300)
                .allSatisfy(row -> assertThat(row.getField(1)).isIn("title-" + row.getField(0), "none"));
        long fallbacks =
                rows.stream().filter(row -> "none".equals(row.getField(1))).count();
        assertThat(Long.parseLong(metric("limited_titles", "fallbacks"))).isEqualTo(fallbacks);
        assertThat(fallbacks).isGreaterThanOrEqualTo(throttled);
    }

    @Test
    void fallsBackAndKeepsRunningWhenPostgresIsDown() throws Exception {
        String downUrl = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/sluice";
        TableEnvironment tables = tables();
        tables.createTemporarySystemFunction(
                "down_titles",
                new EnrichmentFunction(
                        "down_titles",
                        postgres.specFor(
                                downUrl, "\"timeout\": \"300 ms\", \"rateLimit\": {\"lookupsPerSecond\": 1000}"),
                        LOOPBACK_ALLOWED));

        TableResult result = tables.executeSql(
                "SELECT id, down_titles(id) FROM " + "(VALUES (1), (2), (3), (1), (2), (3), (1), (2)) AS t(id)");
        List<Row> rows = collect(result);

        assertThat(rows)
                .hasSize(8)
                .allSatisfy(row -> assertThat(row.getField(1)).isEqualTo("none"));
        assertThat(result.getJobClient().orElseThrow().getJobStatus().get().name())
                .isEqualTo("FINISHED");
        assertThat(metric("down_titles", "fallbacks")).isEqualTo("8");
        assertThat(Long.parseLong(metric("down_titles", "errors")) + Long.parseLong(metric("down_titles", "timeouts")))
                .isPositive();
    }

    @Test
    void looksUpAnHttpJsonEndpointWithItsCacheAndTimeout() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/titles/", exchange -> {
            requests.incrementAndGet();
            String key = exchange.getRequestURI().getPath().substring("/titles/".length());
            if (key.equals("slow")) {
                sleep(Duration.ofSeconds(4));
            }
            boolean known = key.startsWith("t");
            byte[] body = ("{\"title\": {\"name\": \"Name of " + key + "\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
            if (known) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        // Each exchange on its own thread, so the slow one holds up nothing else.
        ExecutorService handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
        try {
            String spec = """
                    {"source": {"type": "http", "urlTemplate": "http://127.0.0.1:%d/titles/{key}",
                                "valuePointer": "/title/name"},
                     "timeout": "2 s", "fallback": "?"}""".formatted(server.getAddress().getPort());
            TableEnvironment tables = tables();
            tables.createTemporarySystemFunction(
                    "http_titles", new EnrichmentFunction("http_titles", spec, LOOPBACK_ALLOWED));

            List<Row> rows = collect(tables.executeSql("SELECT k, http_titles(k) FROM "
                    + "(VALUES ('t1'), ('t 2'), ('t1'), ('x9'), ('t 2'), ('slow')) AS t(k)"));

            assertThat(rows)
                    .containsExactly(
                            Row.of("t1", "Name of t1"),
                            Row.of("t 2", "Name of t 2"),
                            Row.of("t1", "Name of t1"),
                            Row.of("x9", "?"),
                            Row.of("t 2", "Name of t 2"),
                            Row.of("slow", "?"));
            assertThat(requests.get()).isEqualTo(4);
            assertThat(metric("http_titles", "timeouts")).isEqualTo("1");
            assertThat(metric("http_titles", "cacheHits")).isEqualTo("2");
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void lookupsAtLoopbackThatNoAdminAllowedFallBackWithoutConnecting() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"name\": \"leaked\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        long scansBefore = postgres.titleScans();
        try {
            int port = server.getAddress().getPort();
            TableEnvironment tables = tables();
            // The address itself, a name that resolves to it, and the same address in IPv4-mapped IPv6 form.
            List<String> hosts = List.of("127.0.0.1", "localhost", "[::ffff:127.0.0.1]");
            for (int i = 0; i < hosts.size(); i++) {
                String spec = """
                        {"source": {"type": "http", "urlTemplate": "http://%s:%d/titles/{key}", "valuePointer": "/name"},
                         "timeout": "2 s", "fallback": "refused"}""".formatted(hosts.get(i), port);
                tables.createTemporarySystemFunction(
                        "denied_http_" + i,
                        new EnrichmentFunction("denied_http_" + i, spec, OutboundRules.INTERNAL_DENIED));
            }
            tables.createTemporarySystemFunction(
                    "denied_jdbc",
                    new EnrichmentFunction(
                            "denied_jdbc", postgres.titlesSpec("\"timeout\": \"2 s\""), OutboundRules.INTERNAL_DENIED));

            List<Row> rows = collect(tables.executeSql("SELECT denied_http_0(k), denied_http_1(k), denied_http_2(k), "
                    + "denied_jdbc(id) FROM (VALUES ('t1', 1), ('t2', 2)) AS t(k, id)"));

            assertThat(rows)
                    .containsExactly(
                            Row.of("refused", "refused", "refused", "none"),
                            Row.of("refused", "refused", "refused", "none"));
            for (String function : List.of("denied_http_0", "denied_http_1", "denied_http_2", "denied_jdbc")) {
                assertThat(metric(function, "refused")).as(function).isEqualTo("2");
            }
            assertThat(requests.get()).isZero();
            assertThat(postgres.titleScans()).isEqualTo(scansBefore);
        } finally {
            server.stop(0);
        }
    }

    private static TableEnvironment tables() {
        return TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(jobConfiguration)
                .build());
    }

    private static List<Row> collect(TableResult result) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> iterator = result.collect()) {
            iterator.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** The metric's last value, written by {@link FileMetricReporter} when the job's task ended. */
    private static String metric(String function, String name) throws Exception {
        Path file = METRICS_DIR.resolve(function + "." + name);
        await("the metric file " + file)
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(file));
        return Files.readString(file);
    }

    /**
     * PostgreSQL's scan count of titles since {@code before}, once its statistics (flushed by each backend within
     * a second or when it disconnects) have caught up with {@code expected}; the last count seen otherwise.
     */
    private static long awaitScans(long before, long expected) {
        AtomicLong scans = new AtomicLong();
        try {
            await(expected + " scans of titles")
                    .atMost(Duration.ofSeconds(15))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        scans.set(postgres.titleScans() - before);
                        return scans.get() >= expected;
                    });
        } catch (ConditionTimeoutException fewer) {
            // Fewer is an answer too: the caller checks the count.
        }
        return scans.get();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path createMetricsDir() {
        try {
            return Files.createTempDirectory("enrichment-metrics");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
