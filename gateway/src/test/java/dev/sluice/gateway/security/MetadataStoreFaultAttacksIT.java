package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.MetadataStoreFaults;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.TcpProxy;
import dev.sluice.gateway.testing.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Kind METADATA_STORE: the metadata store fails under a running gateway, on embedded H2 (the default) and on
 * PostgreSQL. Whatever a call meets during the fault it answers 503 METADATA_STORE_UNAVAILABLE, on both listeners,
 * never a 500 or a stack trace, and changes nothing (no table, tenant or job half made); {@code /healthz/ready}
 * names the store from the first failed read or write until the store works again; and when the fault clears the
 * gateway recovers by itself, without a restart, with everything committed before intact and its jobs still
 * tracked. An analyst who closes their statements mid-write (Flink interrupts the thread) cannot take the embedded
 * store down for everyone.
 */
class MetadataStoreFaultAttacksIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.HEALTH_TIMEOUT, Duration.ofSeconds(1)));

    private static final Optional<TestPostgres> POSTGRES = TestPostgres.fromEnvironment();
    private static final TcpProxy PROXY = POSTGRES.map(postgres -> {
                URI server = URI.create(postgres.url().substring("jdbc:".length()));
                return new TcpProxy(server.getHost(), server.getPort());
            })
            .orElse(null);

    /** A gateway whose PostgreSQL the test can take away ({@link #PROXY}); on H2 when there is no test PostgreSQL. */
    @RegisterExtension
    static final SluiceServerExtension ON_POSTGRES = SluiceServerExtension.onPostgres(options -> {
        options.set(SluiceOptions.HEALTH_TIMEOUT, Duration.ofSeconds(1));
        options.getOptional(SluiceOptions.METADATA_URL)
                .ifPresent(url -> options.set(
                        SluiceOptions.METADATA_URL, url.replaceFirst("//[^/]+/", "//127.0.0.1:" + PROXY.port() + "/")));
    });

    private static final MetadataStoreFaults FAULTS = MetadataStoreFaults.of(GATEWAY);
    private static final MetadataStoreFaults POSTGRES_FAULTS = MetadataStoreFaults.of(ON_POSTGRES);

    private static ApiClient analyst;
    private static String analystToken;
    private static ApiClient postgresAnalyst;

    @BeforeAll
    static void analystsWithTables() {
        analystToken = analystToken(GATEWAY, "acme");
        analyst = GATEWAY.api().withToken(analystToken);
        analyst.run(null, """
                CREATE TABLE kept (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');
                """);
        postgresAnalyst = ON_POSTGRES.api().withToken(analystToken(ON_POSTGRES, "acme"));
        postgresAnalyst.run(null, "CREATE TABLE kept (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')");
    }

    @AfterEach
    void storesWorkAgain() throws SQLException {
        FAULTS.allowWrites();
        if (PROXY != null) {
            PROXY.restore();
            POSTGRES_FAULTS.allowWrites();
        }
        awaitReady(GATEWAY);
        awaitReady(ON_POSTGRES);
    }

    @AfterAll
    static void closeProxy() {
        if (PROXY != null) {
            PROXY.close();
        }
    }

    @Attack(kind = Attack.Kind.METADATA_STORE, through = Attack.Listener.API)
    @Test
    void writesTheStoreRefusesAnswer503ChangeNothingAndReadinessNamesTheStore() throws SQLException {
        FAULTS.refuseWrites();

        assertUnavailable(
                GATEWAY, statement(analyst, "CREATE TABLE planted (id INT) WITH ('connector' = 'blackhole')"));
        assertUnavailable(GATEWAY, GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"during\"}"));
        // Reads still work: a store that answers queries but cannot write is still not ready.
        assertThat(analyst.get("/api/v1/jobs").status()).isEqualTo(200);
        assertNotReadyNamingTheStore(GATEWAY);

        FAULTS.allowWrites();
        awaitReady(GATEWAY);
        assertThat(tables(analyst)).contains("kept", "sink").doesNotContain("planted");
        assertThat(GATEWAY.api().get("/api/v1/tenants").body().toString()).doesNotContain("during");
        // New writes work, without a restart.
        statement(analyst, "CREATE TABLE planted (id INT) WITH ('connector' = 'blackhole')");
        assertThat(tables(analyst)).contains("planted");
        assertThat(GATEWAY.api()
                        .post("/api/v1/tenants", "{\"name\": \"after\"}")
                        .status())
                .isEqualTo(201);
    }

    @Attack(kind = Attack.Kind.METADATA_STORE, through = Attack.Listener.API)
    @Test
    void aJobWhoseRecordCannotBeWrittenDoesNotKeepRunning() throws Exception {
        List<String> runningBefore = clusterJobs(GATEWAY, "RUNNING");
        FAULTS.refuseWritesTo("job");

        Response insert = statement(analyst, "INSERT INTO sink SELECT id FROM kept");

        assertUnavailable(GATEWAY, insert);
        FAULTS.allowWrites();
        awaitReady(GATEWAY);
        // The job Flink started before its record failed was cancelled: nothing runs that Sluice does not track.
        await(
                () -> clusterJobs(GATEWAY, "RUNNING"),
                running -> running.equals(runningBefore),
                "the cluster's running jobs");
        assertThat(analyst.get("/api/v1/jobs").body().findValuesAsText("status"))
                .doesNotContain("RUNNING");
    }

    @Attack(
            kind = Attack.Kind.METADATA_STORE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    @Test
    void aStatementWhoseAuditRowCannotBeWrittenDoesNotRun() throws SQLException {
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(analystToken);
        FAULTS.refuseWritesTo("audit_log");

        FlinkEndpointClient.Response viaFlink =
                flink.execute(session, "CREATE TABLE unaudited_flink (id INT) WITH ('connector' = 'blackhole')");
        Response viaApi = statement(analyst, "CREATE TABLE unaudited_api (id INT) WITH ('connector' = 'blackhole')");

        assertThat(viaFlink.status()).as(viaFlink.body().toString()).isEqualTo(503);
        assertThat(viaFlink.errors()).startsWith("[METADATA_STORE_UNAVAILABLE]");
        assertUnavailable(GATEWAY, viaApi);
        FAULTS.allowWrites();
        awaitReady(GATEWAY);
        assertThat(tables(analyst)).doesNotContain("unaudited_flink", "unaudited_api");
    }

    /** Not an attack: the one answer that must not say "nothing was written", because the call's own change was. */
    @Test
    void aCallCarriedOutWhoseAuditRowCannotBeWrittenSaysSo() throws SQLException {
        FAULTS.refuseWritesTo("audit_log");

        Response created = GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"unaudited\"}");

        assertThat(created.status()).as(created.body().toString()).isEqualTo(503);
        assertThat(created.body().at("/error/code").asText()).isEqualTo("METADATA_STORE_UNAVAILABLE");
        assertThat(created.body().at("/error/message").asText())
                .contains("carried out")
                .contains("audit log");
        FAULTS.allowWrites();
        assertThat(GATEWAY.api().get("/api/v1/tenants").body().toString()).contains("unaudited");
    }

    @Attack(
            kind = Attack.Kind.METADATA_STORE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    @Test
    void aClosedEmbeddedStoreReopensByItselfKeepingItsDataAndJobs() throws Exception {
        String job = analyst.run(null, "INSERT INTO sink SELECT id FROM kept")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();

        FAULTS.closeEmbeddedStore();

        // Until the store is open again a call may fail, but only as the store's fault: 503, never 500.
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        for (int call = 0; call < 3; call++) {
            assertOkOrUnavailable(GATEWAY, analyst.get("/api/v1/jobs/" + job));
            FlinkEndpointClient.Response session = flink.openSession(Map.of("sluice.token", analystToken));
            assertThat(session.status()).as(session.body().toString()).isIn(200, 503);
        }
        awaitReady(GATEWAY);
        JsonNode tracked = analyst.get("/api/v1/jobs/" + job).body();
        assertThat(tracked.get("status").asText()).as(tracked.toString()).isEqualTo("RUNNING");
        assertThat(tables(analyst)).contains("kept", "sink");
        assertThat(flink.query(flink.openSession(analystToken), "SHOW TABLES", Duration.ofSeconds(30))
                        .toString())
                .contains("kept");
        Response stop = analyst.post("/api/v1/jobs/" + job + ":stop", "{}");
        assertThat(stop.status()).as(stop.body().toString()).isEqualTo(200);
        assertThat(stop.body().get("status").asText()).isEqualTo("CANCELED");
    }

    @Attack(kind = Attack.Kind.METADATA_STORE, through = Attack.Listener.FLINK_ENDPOINT)
    @Test
    void theFlinkEndpointAnswers503DuringAnOutageAndChangesNothing() throws SQLException {
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(analystToken);
        FAULTS.refuseWrites();

        FlinkEndpointClient.Response create =
                flink.execute(session, "CREATE TABLE planted_by_flink (id INT) WITH ('connector' = 'blackhole')");

        assertThat(create.status()).as(create.body().toString()).isEqualTo(503);
        assertThat(create.errors()).startsWith("[METADATA_STORE_UNAVAILABLE]").contains("metadata store");
        assertNoInternals(GATEWAY, create.body().toString());
        FAULTS.allowWrites();
        awaitReady(GATEWAY);
        assertThat(flink.query(session, "SHOW TABLES", Duration.ofSeconds(30)).toString())
                .contains("kept")
                .doesNotContain("planted_by_flink");
        flink.query(
                session,
                "CREATE TABLE planted_by_flink (id INT) WITH ('connector' = 'blackhole')",
                Duration.ofSeconds(30));
        assertThat(tables(analyst)).contains("planted_by_flink");
    }

    @Attack(kind = Attack.Kind.METADATA_STORE, through = Attack.Listener.FLINK_ENDPOINT)
    @Test
    void anAnalystClosingStatementsMidWriteCannotCloseTheEmbeddedStore() {
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(analystToken);

        // Closing an operation interrupts its thread, which may be writing the new table to the store right then.
        for (int i = 0; i < 40; i++) {
            FlinkEndpointClient.Response create =
                    flink.execute(session, "CREATE TABLE churn_" + i + " (id INT) WITH ('connector' = 'blackhole')");
            if (create.status() == 200) {
                flink.closeOperation(
                        session, create.body().get("operationHandle").asText());
            }
        }

        assertThat(readiness(GATEWAY).status())
                .as(readiness(GATEWAY).body().toString())
                .isEqualTo(200);
        assertThat(GATEWAY.api()
                        .post("/api/v1/tenants", "{\"name\": \"after-churn\"}")
                        .status())
                .isEqualTo(201);
        assertThat(tables(analyst)).contains("kept", "sink");
    }

    @Attack(
            kind = Attack.Kind.METADATA_STORE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    @Test
    void aLostPostgresAnswers503UntilItIsBackAndThenTheGatewayReconnects() {
        assumeTrue(PROXY != null, "needs the test PostgreSQL (" + TestPostgres.URL + ")");
        PROXY.cut();

        assertUnavailable(ON_POSTGRES, ON_POSTGRES.api().post("/api/v1/tenants", "{\"name\": \"during\"}"));
        assertUnavailable(ON_POSTGRES, postgresAnalyst.get("/api/v1/jobs"));
        FlinkEndpointClient flink = new FlinkEndpointClient(ON_POSTGRES.flinkEndpointAddress());
        FlinkEndpointClient.Response session = flink.openSession(Map.of("sluice.token", ON_POSTGRES.adminToken()));
        assertThat(session.status()).as(session.body().toString()).isEqualTo(503);
        assertThat(session.errors()).startsWith("[METADATA_STORE_UNAVAILABLE]");
        assertNoInternals(ON_POSTGRES, session.body().toString());
        assertNotReadyNamingTheStore(ON_POSTGRES);

        PROXY.restore();
        awaitReady(ON_POSTGRES);
        assertThat(tables(postgresAnalyst)).contains("kept");
        assertThat(ON_POSTGRES.api().get("/api/v1/tenants").body().toString())
                .contains("acme")
                .doesNotContain("during");
        assertThat(ON_POSTGRES
                        .api()
                        .post("/api/v1/tenants", "{\"name\": \"after\"}")
                        .status())
                .isEqualTo(201);
    }

    @Attack(kind = Attack.Kind.METADATA_STORE, through = Attack.Listener.API)
    @Test
    void aPostgresThatReadsButCannotWriteIsNotReadyAndChangesNothing() throws SQLException {
        assumeTrue(PROXY != null, "needs the test PostgreSQL (" + TestPostgres.URL + ")");
        POSTGRES_FAULTS.refuseWrites();

        assertUnavailable(
                ON_POSTGRES,
                statement(postgresAnalyst, "CREATE TABLE planted (id INT) WITH ('connector' = 'blackhole')"));
        assertThat(postgresAnalyst.get("/api/v1/jobs").status()).isEqualTo(200);
        assertNotReadyNamingTheStore(ON_POSTGRES);

        POSTGRES_FAULTS.allowWrites();
        awaitReady(ON_POSTGRES);
        assertThat(tables(postgresAnalyst)).contains("kept").doesNotContain("planted");
        statement(postgresAnalyst, "CREATE TABLE planted (id INT) WITH ('connector' = 'blackhole')");
        assertThat(tables(postgresAnalyst)).contains("planted");
    }

    private static String analystToken(SluiceServerExtension gateway, String tenant) {
        gateway.api().post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}");
        return gateway.api()
                .post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();
    }

    private static Response statement(ApiClient client, String sql) {
        return client.post("/api/v1/statements", JSON.createObjectNode().put("sql", sql));
    }

    private static List<String> tables(ApiClient client) {
        return client.get("/api/v1/tables").body().findValuesAsText("name");
    }

    /** The 503 of a failed store: the code, a message saying so and what to do, and nothing of the store's insides. */
    private static void assertUnavailable(SluiceServerExtension gateway, Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(503);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("METADATA_STORE_UNAVAILABLE");
        assertThat(error.get("message").asText()).contains("metadata store");
        assertThat(error.get("hint").asText()).contains("/healthz/ready");
        assertNoInternals(gateway, response.body().toString());
    }

    private static void assertOkOrUnavailable(SluiceServerExtension gateway, Response response) {
        if (response.status() != 200) {
            assertUnavailable(gateway, response);
        }
    }

    private static void assertNoInternals(SluiceServerExtension gateway, String body) {
        assertThat(body)
                .doesNotContain(
                        "Exception",
                        "\tat ",
                        "jdbc:",
                        "SQL",
                        "No space left",
                        gateway.dataDir().toString());
    }

    private static void assertNotReadyNamingTheStore(SluiceServerExtension gateway) {
        Response ready = readiness(gateway);
        assertThat(ready.status()).as(ready.body().toString()).isEqualTo(503);
        JsonNode store = ready.body().get("checks").get(0);
        assertThat(store.get("name").asText()).isEqualTo("metadataStore");
        assertThat(store.get("ready").asBoolean()).isFalse();
        assertThat(store.get("reason").asText()).isNotBlank();
        assertThat(ready.body().get("checks").get(1).get("ready").asBoolean())
                .as("the Flink cluster is fine")
                .isTrue();
    }

    private static Response readiness(SluiceServerExtension gateway) {
        return gateway.api().withToken(null).get("/healthz/ready");
    }

    private static void awaitReady(SluiceServerExtension gateway) {
        await(() -> readiness(gateway), response -> response.status() == 200, "GET /healthz/ready");
    }

    /** The ids of the cluster's jobs in {@code state}, as Flink's own REST API lists them. */
    private static List<String> clusterJobs(SluiceServerExtension gateway, String state) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(gateway.clusterUrl() + "/jobs/overview"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            List<String> jobs = new ArrayList<>();
            JSON.readTree(response.body()).get("jobs").forEach(job -> {
                if (job.get("state").asText().equals(state)) {
                    jobs.add(job.get("jid").asText());
                }
            });
            return jobs;
        } catch (IOException e) {
            throw new AssertionError("The cluster's REST API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private static <T> T await(Supplier<T> read, Predicate<T> expected, String what) {
        AtomicReference<T> last = new AtomicReference<>();
        Awaitility.await(what)
                .atMost(RECOVERY)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    last.set(read.get());
                    assertThat(expected).as(what + ", last: " + last.get()).accepts(last.get());
                });
        return last.get();
    }
}
