package dev.sluice.tests.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.HostGrants;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import dev.sluice.gateway.track.WindowedCounts;
import dev.sluice.tests.eventtime.EventTimeCaseOverApi;
import dev.sluice.tests.harness.FlinkSessionCluster;
import dev.sluice.tests.harness.FlinkSessionClusterExtension;
import dev.sluice.tests.harness.KafkaBrokerExtension;
import dev.sluice.tests.harness.TestPostgres;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with {@code sluice.flink.target: remote} against a real standalone Flink session cluster: a
 * JobManager and two TaskManagers in JVMs of their own ({@link FlinkSessionCluster}). The same statements as on the
 * embedded cluster, with the parts that differ when the cluster is elsewhere: UDFs must run on the TaskManagers,
 * state goes to a directory both share, a TaskManager can die under a job, and jobs outlive the gateway. The cluster
 * runs from Flink's own jars plus exactly the Sluice Flink image's directory ({@code flink-image}), so its Kafka,
 * JavaScript and enrichment jobs here are the proof that the image holds what they need.
 */
class RemoteClusterIT {

    @RegisterExtension
    @Order(1)
    static final FlinkSessionClusterExtension FLINK = new FlinkSessionClusterExtension(2, 2);

    @RegisterExtension
    @Order(2)
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres(options -> {
        FlinkSessionCluster cluster = FLINK.cluster();
        options.set(SluiceOptions.FLINK_TARGET, SluiceOptions.FlinkTarget.REMOTE);
        options.set(SluiceOptions.FLINK_REST_ADDRESS, cluster.restAddress());
        options.set(SluiceOptions.FLINK_REST_PORT, cluster.restPort());
        options.set(SluiceOptions.FLINK_STATE_DIR, cluster.stateDir());
        // Flink's own key, as the Helm chart sets it, wins over sluice.flink.state-dir.
        options.setString("execution.checkpointing.savepoint-dir", cluster.stateDir() + "chosen-savepoints");
        options.set(SluiceOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    });

    @RegisterExtension
    @Order(3)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path output;

    @Test
    void sessionsHideTheClusterYetTheirJobsRunThereAndCheckpointIntoTheSharedStateDirectory() throws Exception {
        // A session does not show where the cluster is or where state lives (docs/security.md, defence 3) ...
        JsonNode set = GATEWAY.api().run(null, "SET").get("statements").get(0);
        Map<String, String> settings = GATEWAY.api().readAll(set.get("id").asText(), WAIT).stream()
                .collect(Collectors.toMap(
                        row -> row.get("fields").get(0).asText(),
                        row -> row.get("fields").get(1).asText()));
        assertThat(settings)
                .doesNotContainKeys("execution.target", "rest.port", "rest.address", "execution.checkpointing.dir");
        assertThat(settings.keySet())
                .noneMatch(key -> key.startsWith("sluice.") && !key.startsWith(SluiceOptions.SESSION_OPTIONS_PREFIX));

        // ... yet its jobs run on the remote cluster, checkpointing where the gateway looks for their state.
        ApiClient api = GATEWAY.api();
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "remote");
        String flinkJobId =
                api.get("/api/v1/jobs/" + jobId).body().get("flinkJobId").asText();
        awaitCondition(
                "a completed checkpoint",
                () -> FLINK.cluster()
                                .checkpoints(flinkJobId)
                                .path("counts")
                                .path("completed")
                                .asInt()
                        >= 1);
        assertThat(FLINK.cluster()
                        .checkpoints(flinkJobId)
                        .at("/latest/completed/external_path")
                        .asText())
                .startsWith(FLINK.cluster().stateDir().replace("file:///", "file:/") + "checkpoints/" + flinkJobId);
        api.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    @Test
    void aWindowedQueryGivesExactlyTheExpectedRows() {
        EventTimeCaseOverApi.assertExactRows(GATEWAY.api(), EventTimeCaseOverApi.named("tumble-per-user"));
    }

    @Test
    void anIntervalJoinGivesExactlyTheExpectedRows() {
        EventTimeCaseOverApi.assertExactRows(GATEWAY.api(), EventTimeCaseOverApi.named("interval-join-plays"));
    }

    @Test
    void javaAndJavaScriptFunctionsRunOnTheTaskManagers() {
        ApiClient api = GATEWAY.api();
        ObjectNode java = MAPPER.createObjectNode()
                .put("name", "remote_shout")
                .put("language", "JAVA")
                .put("className", "remote.Shout")
                .put(
                        "jar",
                        Base64.getEncoder()
                                .encodeToString(
                                        UdfJars.jar(
                                                "remote.Shout",
                                                "package remote; public class Shout extends org.apache.flink.table.functions.ScalarFunction {"
                                                        + " public String eval(String s) { return s.toUpperCase() + \"!\"; } }")));
        Response created = api.post("/api/v1/functions", java);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        created = api.post("/api/v1/functions", """
                {"name": "remote_twice", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "twice",
                 "signature": {"parameters": [{"name": "n", "type": "BIGINT"}], "result": "BIGINT"},
                 "source": "function twice(n) { return n * 2; }"}
                """);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

        // A datagen source, not VALUES, so the planner cannot fold the calls into constants in the gateway.
        JsonNode query = api.run(
                        null,
                        "CREATE TEMPORARY TABLE nums (n BIGINT) WITH ('connector' = 'datagen',"
                                + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '3');"
                                + "SELECT n, remote_shout(CONCAT('n', CAST(n AS STRING))), remote_twice(n) FROM nums")
                .get("statements")
                .get(1);
        List<String> rows = api.readAll(query.get("id").asText(), WAIT).stream()
                .map(row -> row.get("fields").toString())
                .toList();
        assertThat(rows)
                .containsExactlyInAnyOrder("[\"1\",\"N1!\",\"2\"]", "[\"2\",\"N2!\",\"4\"]", "[\"3\",\"N3!\",\"6\"]");
    }

    /**
     * A statement test's stand-in tables reach the TaskManagers with their rows in the job, and its collected rows come
     * back in the job's result: the sluice-test-rows connector is on the cluster's class path with the UDF runtime.
     */
    @Test
    void aStatementTestRunsOnTheClusterWithItsRowsAndWatermarks() throws Exception {
        ObjectNode request = MAPPER.createObjectNode().put("sql", """
                CREATE TABLE clicks (user_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
                  WITH ('connector' = 'datagen');
                SELECT user_id, window_start, COUNT(*) AS n
                FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                GROUP BY user_id, window_start, window_end
                """);
        request.set("inputs", MAPPER.readTree("""
                {"clicks": [{"user_id": "u1", "ts": "2026-12-07T10:00:01"}, {"user_id": "u1", "ts": "2026-12-07T10:00:12"},
                            {"user_id": "u1", "ts": "2026-12-07T10:00:05"}]}
                """));
        request.set("expected", MAPPER.readTree("""
                [{"user_id": "u1", "window_start": "2026-12-07T10:00:00", "n": 1},
                 {"user_id": "u1", "window_start": "2026-12-07T10:00:10", "n": 1}]
                """));

        Response response = GATEWAY.api().post("/api/v1/statements:test", request);

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.body().get("passed").asBoolean())
                .as(response.body().toPrettyString())
                .isTrue();
    }

    @Test
    void anEnrichmentFunctionLooksKeysUpInPostgresFromTheTaskManagers() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment("remote_enrich");
        postgres.execute(
                "CREATE SCHEMA " + postgres.schema(),
                "CREATE TABLE " + postgres.schema() + ".titles (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO " + postgres.schema() + ".titles VALUES (1, 'one'), (2, 'two')");
        try {
            ApiClient api = GATEWAY.api();
            // The test PostgreSQL listens on loopback, which a tenant's lookups reach only where an admin allows it.
            HostGrants.allowLoopback(api, "default");
            // The password by reference: the TaskManagers inherited the test's environment.
            Response created =
                    api.post("/api/v1/functions", """
                    {"name": "remote_title", "language": "ENRICHMENT",
                     "signature": {"parameters": [{"name": "id", "type": "BIGINT"}], "result": "STRING"},
                     "spec": {"source": {"type": "jdbc", "url": "%s", "table": "%s.titles", "keyColumn": "id",
                                         "valueColumn": "name", "user": "%s", "passwordRef": "env:SLUICE_TEST_POSTGRES_PASSWORD"},
                              "fallback": "none", "timeout": "5 s"}}""".formatted(postgres.url(), postgres.schema(), postgres.user()));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            JsonNode query = api.run(
                            null,
                            "CREATE TEMPORARY TABLE nums (n BIGINT) WITH ('connector' = 'datagen',"
                                    + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '3');"
                                    + "SELECT n, remote_title(n) FROM nums")
                    .get("statements")
                    .get(1);
            assertThat(api.readAll(query.get("id").asText(), WAIT).stream()
                            .map(row -> row.get("fields").toString()))
                    .containsExactlyInAnyOrder("[\"1\",\"one\"]", "[\"2\",\"two\"]", "[\"3\",\"none\"]");
        } finally {
            postgres.execute("DROP SCHEMA " + postgres.schema() + " CASCADE");
        }
    }

    /**
     * One job through everything the image adds: JSON records from Kafka, a JavaScript function and an enrichment
     * lookup in PostgreSQL on each, CSV records to Kafka.
     */
    @Test
    void aKafkaJobWithJavaScriptAndEnrichmentWritesExactlyTheExpectedRecords() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment("remote_kafka");
        postgres.execute(
                "CREATE SCHEMA " + postgres.schema(),
                "CREATE TABLE " + postgres.schema() + ".titles (id BIGINT PRIMARY KEY, name TEXT NOT NULL)",
                "INSERT INTO " + postgres.schema() + ".titles VALUES (1, 'one'), (2, 'two')");
        try {
            ApiClient api = GATEWAY.api();
            // The broker and PostgreSQL listen on loopback, which a tenant reaches only where an admin allows it.
            HostGrants.allowLoopback(api, "default");
            Response created = api.post("/api/v1/functions", """
                    {"name": "image_loud", "language": "JAVASCRIPT", "kind": "SCALAR", "entry": "loud",
                     "signature": {"parameters": [{"name": "s", "type": "STRING"}], "result": "STRING"},
                     "source": "function loud(s) { return s.toUpperCase(); }"}
                    """);
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            created = api.post("/api/v1/functions", """
                    {"name": "image_title", "language": "ENRICHMENT",
                     "signature": {"parameters": [{"name": "id", "type": "BIGINT"}], "result": "STRING"},
                     "spec": {"source": {"type": "jdbc", "url": "%s", "table": "%s.titles", "keyColumn": "id",
                                         "valueColumn": "name", "user": "%s", "passwordRef": "env:SLUICE_TEST_POSTGRES_PASSWORD"},
                              "fallback": "none", "timeout": "5 s"}}""".formatted(postgres.url(), postgres.schema(), postgres.user()));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            KAFKA.broker().createTopic("image-plays", 1);
            KAFKA.broker()
                    .produce(
                            "image-plays",
                            List.of(
                                    "{\"user_id\": \"u1\", \"title_id\": 1}",
                                    "{\"user_id\": \"u2\", \"title_id\": 2}",
                                    "{\"user_id\": \"u3\", \"title_id\": 3}"));
            String kafka = "'connector' = 'kafka', 'properties.bootstrap.servers' = '"
                    + KAFKA.broker().bootstrapServers() + "'";
            String session = api.openSession();
            // Bounded at the offsets of the job's start, so the job finishes once it has read the three records.
            api.run(
                    session,
                    "CREATE TEMPORARY TABLE plays (user_id STRING, title_id BIGINT) WITH (" + kafka
                            + ", 'topic' = 'image-plays', 'scan.startup.mode' = 'earliest-offset',"
                            + " 'scan.bounded.mode' = 'latest-offset', 'format' = 'json');"
                            + "CREATE TEMPORARY TABLE titled (user_id STRING, loud STRING, title STRING) WITH ("
                            + kafka + ", 'topic' = 'image-titled', 'format' = 'csv')");
            JsonNode job = api.run(
                            session,
                            "INSERT INTO titled SELECT user_id, image_loud(user_id), image_title(title_id) FROM plays")
                    .get("statements")
                    .get(0)
                    .get("job");
            api.awaitJobStatus(job.get("id").asText(), "FINISHED", WAIT);

            assertThat(KAFKA.broker().consume("image-titled", 3, WAIT))
                    .containsExactlyInAnyOrder("u1,U1,one", "u2,U2,two", "u3,U3,none");
            if (Runtime.version().feature() == 17) {
                // The image's JVM options, on its JDK, gave the TaskManagers Truffle's optimizing runtime.
                assertThat(FLINK.cluster().taskManagerLogs())
                        .contains("JavaScript UDF engine started")
                        .doesNotContain("(Interpreted runtime)");
            }
        } finally {
            postgres.execute("DROP SCHEMA " + postgres.schema() + " CASCADE");
        }
    }

    @Test
    void stopWithSavepointAndResumeContinueTheJobOnTheCluster() throws Exception {
        ApiClient api = GATEWAY.api();
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(api, "stop");
        counts.await("three committed windows", c -> c.rows().size() >= 3, WAIT);
        // Measured figures and the job's graph come from the remote cluster's REST API.
        assertThat(api.get("/api/v1/jobs/" + jobId).body().get("measured").get("vertices"))
                .isNotEmpty();
        assertThat(api.get("/api/v1/jobs/" + jobId + "/plan").body().get("edges"))
                .isNotEmpty();

        JsonNode stopped = api.post("/api/v1/jobs/" + jobId + ":stop", "{\"savepoint\": true}")
                .body();
        assertThat(stopped.get("status").asText()).as(stopped.toString()).isEqualTo("STOPPED");
        String savepoint = stopped.get("savepoints").get(0).get("path").asText();
        assertThat(savepoint)
                .startsWith(FLINK.cluster().stateDir().replace("file:///", "file:/") + "chosen-savepoints/");
        String lastBeforeStop = counts.counts().lastKey();

        JsonNode resumed = api.post("/api/v1/jobs/" + jobId + ":resume", "").body();
        assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("RUNNING");
        assertThat(resumed.get("flinkJobId").asText())
                .isNotEqualTo(stopped.get("flinkJobId").asText());
        assertThat(resumed.get("statusMessage").asText())
                .isEqualTo("Resumed from savepoint " + savepoint + " on request.");

        counts.await(
                "three windows after the stop",
                c -> c.counts().tailMap(lastBeforeStop, false).size() >= 3,
                WAIT);
        assertThat(counts.timesWritten())
                .allSatisfy((window, times) -> assertThat(times).as(window).isEqualTo(1));
        counts.assertEveryWindowThereAndComplete();
        api.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    @Test
    void aJobSurvivesATaskManagerKilledUnderItAndItsViewInPostgresIsExact() throws Exception {
        TestPostgres postgres = TestPostgres.fromEnvironment("remote");
        FlinkSessionCluster cluster = FLINK.cluster();
        postgres.execute(
                "CREATE SCHEMA " + postgres.schema(),
                "CREATE TABLE " + postgres.schema() + ".per_digit (digit BIGINT PRIMARY KEY, n BIGINT, total BIGINT)");
        try {
            ApiClient api = GATEWAY.api();
            String session = api.openSession();
            // 3000 numbers at 100 a second: the job runs for about 30 s, long enough to lose a TaskManager midway.
            api.run(
                    session,
                    "CREATE TEMPORARY TABLE numbers (n BIGINT) WITH ('connector' = 'datagen',"
                            + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '3000', 'rows-per-second' = '100');"
                            + String.format(
                                    "CREATE TEMPORARY TABLE per_digit (digit BIGINT, n BIGINT, total BIGINT, PRIMARY KEY (digit) NOT ENFORCED)"
                                            + " WITH ('connector' = 'jdbc', 'url' = '%s', 'table-name' = '%s.per_digit', 'username' = '%s', 'password' = '%s')",
                                    postgres.url(), postgres.schema(), postgres.user(), postgres.password()));
            JsonNode job = api.run(
                            session,
                            "INSERT INTO per_digit SELECT n % 10, COUNT(*), SUM(n) FROM numbers GROUP BY n % 10")
                    .get("statements")
                    .get(0)
                    .get("job");
            String jobId = job.get("id").asText();
            String flinkJobId = job.get("flinkJobId").asText();

            awaitCondition(
                    "two completed checkpoints and rows in PostgreSQL",
                    () -> cluster.checkpoints(flinkJobId)
                                            .path("counts")
                                            .path("completed")
                                            .asInt()
                                    >= 2
                            && !postgres.rows("SELECT digit FROM " + postgres.schema() + ".per_digit")
                                    .isEmpty());
            Set<Integer> running = cluster.taskManagersOf(flinkJobId);
            assertThat(running).hasSize(1);
            cluster.killTaskManager(running.iterator().next());

            api.awaitJobStatus(jobId, "FINISHED", Duration.ofMinutes(2));
            JsonNode restored = cluster.checkpoints(flinkJobId).path("latest").path("restored");
            assertThat(restored.path("is_savepoint").asBoolean(true))
                    .as("restored from a checkpoint: %s", restored)
                    .isFalse();
            assertThat(api.get("/api/v1/jobs/" + jobId).body().get("flinkJobId").asText())
                    .isEqualTo(flinkJobId);

            // Every number counted once: neither lost with the TaskManager nor counted again after the restore.
            List<String> expected = IntStream.range(0, 10)
                    .mapToObj(digit -> digit + ",300,"
                            + LongStream.rangeClosed(1, 3000)
                                    .filter(n -> n % 10 == digit)
                                    .sum())
                    .toList();
            assertThat(postgres.rows("SELECT digit, n, total FROM " + postgres.schema() + ".per_digit ORDER BY digit"))
                    .containsExactlyElementsOf(expected);
        } finally {
            postgres.execute("DROP SCHEMA " + postgres.schema() + " CASCADE");
            // Back to two TaskManagers for the other tests.
            cluster.startTaskManager();
            cluster.awaitTaskManagers(2, WAIT);
        }
    }

    @Test
    void jobsKeepRunningWhileTheGatewayIsDownAndAreReattachedAfterItsRestart() throws Exception {
        WindowedCounts counts = new WindowedCounts(output);
        String jobId = counts.start(GATEWAY.api(), "restart");
        counts.await("two committed windows", c -> c.rows().size() >= 2, WAIT);
        String flinkJobId = GATEWAY.api()
                .get("/api/v1/jobs/" + jobId)
                .body()
                .get("flinkJobId")
                .asText();

        GATEWAY.restart();

        ApiClient api = GATEWAY.api();
        JsonNode record = api.get("/api/v1/jobs/" + jobId).body();
        assertThat(record.get("status").asText()).as(record.toString()).isEqualTo("RUNNING");
        assertThat(record.get("flinkJobId").asText()).isEqualTo(flinkJobId);
        assertThat(record.get("statusMessage").asText())
                .isEqualTo("Re-attached: still running on the cluster after the gateway restarted.");
        String lastBeforeCheck = counts.counts().lastKey();
        counts.await(
                "windows after the restart",
                c -> c.counts().tailMap(lastBeforeCheck, false).size() >= 2,
                WAIT);
        // The same Flink job all along: no window written twice, none missing.
        assertThat(counts.timesWritten())
                .allSatisfy((window, times) -> assertThat(times).as(window).isEqualTo(1));
        counts.assertEveryWindowThereAndComplete();
        api.post("/api/v1/jobs/" + jobId + ":stop", "");
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(String what, Check check) {
        await(what)
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250))
                .until(check::holds);
    }
}
