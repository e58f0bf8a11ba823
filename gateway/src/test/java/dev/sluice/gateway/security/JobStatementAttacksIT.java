package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's control plane is not the tenants': SHOW JOBS lists a tenant's own Flink jobs only, DESCRIBE JOB and
 * STOP JOB (where a policy allows it) of another tenant's job answer exactly as for a job that does not exist, and a
 * session's settings never show where the cluster listens, where state lives, or the token.
 */
class JobStatementAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TABLES =
            "CREATE TABLE src (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                    + "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole')";
    /** What a session's settings must never show, by key and by value. */
    private static final List<String> HIDDEN_KEYS = List.of(
            "rest.port",
            "rest.address",
            "rest.bind-address",
            "execution.target",
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "state.checkpoints.dir",
            "state.savepoints.dir",
            "$internal.",
            "pipeline.jars",
            "pipeline.classpaths",
            "sql-gateway.",
            "sluice.token",
            "blob.server.port",
            "jobmanager.rpc");

    private static Analyst victim;
    private static Analyst attacker;
    private static String victimJob;
    private static String victimFlinkJob;
    private static String attackerFlinkJob;

    @BeforeAll
    static void twoTenantsWithARunningJobEach() {
        victim = Analyst.of(GATEWAY, "acme", "nb");
        attacker = Analyst.of(GATEWAY, "beta", "nb");
        // The attacker's tenant may run STOP JOB (forbidden by default): even so, only on its own jobs.
        assertThat(GATEWAY.api()
                        .put("/api/v1/tenants/beta/policy", "{\"forbiddenStatements\": [\"ADD_JAR\"]}")
                        .status())
                .isEqualTo(200);
        victim.api().run(null, TABLES);
        attacker.api().run(null, TABLES);
        JsonNode job = victim.api()
                .run(null, "INSERT INTO sink SELECT id FROM src")
                .get("statements")
                .get(0)
                .get("job");
        victimJob = job.get("id").asText();
        victimFlinkJob = job.get("flinkJobId").asText();
        attackerFlinkJob = attacker.api()
                .run(null, "INSERT INTO sink SELECT id FROM src")
                .get("statements")
                .get(0)
                .get("job")
                .get("flinkJobId")
                .asText();
    }

    private static FlinkEndpointClient flink() {
        return new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
    }

    private static String rows(ApiClient client, String sql) {
        String id = client.run(null, sql).get("statements").get(0).get("id").asText();
        return client.readAll(id, Duration.ofSeconds(60)).toString();
    }

    private static ApiClient.Response script(ApiClient client, String sql) {
        return client.post("/api/v1/statements", MAPPER.createObjectNode().put("sql", sql));
    }

    private static void assertVictimJobRuns() {
        assertThat(GATEWAY.api()
                        .get("/api/v1/jobs/" + victimJob)
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("RUNNING");
        String id = GATEWAY.api()
                .run(null, "SHOW JOBS")
                .get("statements")
                .get(0)
                .get("id")
                .asText();
        assertThat(GATEWAY.api().readAll(id, Duration.ofSeconds(30)))
                .filteredOn(row -> row.get("fields").get(0).asText().equals(victimFlinkJob))
                .singleElement()
                .satisfies(row -> assertThat(row.get("fields").get(2).asText()).isEqualTo("RUNNING"));
    }

    /** The one line the Flink endpoint answers for a statement that failed, read at its first fetch. */
    private static String flinkFailure(String session, String statement) {
        FlinkEndpointClient.Response submitted = flink().execute(session, statement);
        if (submitted.status() != 200) {
            return submitted.status() + " " + submitted.errors();
        }
        String operation = submitted.body().get("operationHandle").asText();
        FlinkEndpointClient.Response page = await(statement + " to fail")
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> flink().fetch(session, operation, 0), fetched -> fetched.status() != 200);
        return page.status() + " " + page.errors();
    }

    @Test
    @Attack(
            kind = Attack.Kind.CONTROL_PLANE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void showJobsListsOnlyTheTenantsOwnJobs() {
        String session = flink().openSession(attacker.token());
        String query = flink().execute(session, "SELECT id FROM src")
                .body()
                .get("operationHandle")
                .asText();
        String queryJob = flink().jobOf(session, query, Duration.ofSeconds(30));

        String overApi = rows(attacker.api(), "SHOW JOBS");
        String overFlink =
                flink().query(session, "SHOW JOBS", Duration.ofSeconds(30)).toString();

        for (String listing : List.of(overApi, overFlink)) {
            assertThat(listing).contains(attackerFlinkJob, queryJob).doesNotContain(victimFlinkJob, "sluice.acme");
        }
        assertThat(rows(victim.api(), "SHOW JOBS")).contains(victimFlinkJob).doesNotContain(attackerFlinkJob, queryJob);
        assertVictimJobRuns();
    }

    @Test
    @Attack(
            kind = Attack.Kind.CONTROL_PLANE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void describeJobOfAnotherTenantsJobAnswersAsForNoJob() {
        String nobodys = new JobID().toHexString();
        ApiClient.Response theirs = script(attacker.api(), "DESCRIBE JOB '" + victimFlinkJob + "'");
        ApiClient.Response none = script(attacker.api(), "DESCRIBE JOB '" + nobodys + "'");

        assertThat(theirs.status()).isEqualTo(none.status()).isEqualTo(400);
        assertThat(theirs.body().toString().replace(victimFlinkJob, "<id>"))
                .isEqualTo(none.body().toString().replace(nobodys, "<id>"));
        assertThat(theirs.body().toString()).doesNotContain("RUNNING", "insert-into");
        String session = flink().openSession(attacker.token());
        assertThat(flinkFailure(session, "DESCRIBE JOB '" + victimFlinkJob + "'")
                        .replace(victimFlinkJob, "<id>"))
                .isEqualTo(
                        flinkFailure(session, "DESCRIBE JOB '" + nobodys + "'").replace(nobodys, "<id>"))
                .startsWith("400 [SQL_EXECUTION] Job <id> does not exist in the cluster.");

        assertThat(rows(attacker.api(), "DESCRIBE JOB '" + attackerFlinkJob + "'"))
                .contains(attackerFlinkJob, "RUNNING");
        assertVictimJobRuns();
    }

    @Test
    @Attack(
            kind = Attack.Kind.CONTROL_PLANE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void stopJobOfAnotherTenantsJobAnswersAsForNoJobAndStopsNothing() {
        String nobodys = new JobID().toHexString();
        ApiClient.Response theirs = script(attacker.api(), "STOP JOB '" + victimFlinkJob + "'");
        ApiClient.Response none = script(attacker.api(), "STOP JOB '" + nobodys + "'");

        assertThat(theirs.status()).isEqualTo(none.status()).isEqualTo(400);
        assertThat(theirs.body().toString().replace(victimFlinkJob, "<id>"))
                .isEqualTo(none.body().toString().replace(nobodys, "<id>"));
        String session = flink().openSession(attacker.token());
        assertThat(flinkFailure(session, "STOP JOB '" + victimFlinkJob + "' WITH SAVEPOINT")
                        .replace(victimFlinkJob, "<id>"))
                .isEqualTo(flinkFailure(session, "STOP JOB '" + nobodys + "' WITH SAVEPOINT")
                        .replace(nobodys, "<id>"));

        assertVictimJobRuns();
        // The victim's own tenant may not even try: its policy forbids STOP JOB, as every default policy does.
        assertThat(script(victim.api(), "STOP JOB '" + victimFlinkJob + "'")
                        .body()
                        .get("error")
                        .get("code")
                        .asText())
                .isEqualTo("POLICY_STATEMENT_FORBIDDEN");
        assertVictimJobRuns();
    }

    @Test
    @Attack(
            kind = Attack.Kind.CONTROL_PLANE,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void setListsNeitherTheClusterNorItsStateNorTheToken() {
        String overApi = rows(attacker.api(), "SET");
        String session = flink().openSession(attacker.token());
        String overFlink = flink().query(session, "SET", Duration.ofSeconds(30)).toString();

        for (String listing : List.of(overApi, overFlink)) {
            assertThat(listing).contains("parallelism.default");
            HIDDEN_KEYS.forEach(key -> assertThat(listing).doesNotContain(key));
            assertThat(listing)
                    .doesNotContain(attacker.token(), GATEWAY.dataDir().toString());
        }
        // Still in force: the session runs on the embedded cluster.
        assertThat(flink().query(session, "SELECT 1", Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    @Attack(kind = Attack.Kind.CONTROL_PLANE, through = Attack.Listener.FLINK_ENDPOINT)
    void theFlinkEndpointsSessionConfigurationHidesThemToo() {
        FlinkEndpointClient.Response opened = flink().openSession(
                        Map.of("sluice.token", attacker.token(), "rest.port", "1", "pipeline.name", "mine"));
        String session = opened.body().get("sessionHandle").asText();

        FlinkEndpointClient.Response config = flink().sessionConfig(session);

        assertThat(config.status()).isEqualTo(200);
        String properties = config.body().get("properties").toString();
        assertThat(properties).contains("pipeline.name", "mine");
        HIDDEN_KEYS.forEach(key -> assertThat(properties).doesNotContain(key));
        assertThat(properties)
                .doesNotContain(attacker.token(), GATEWAY.dataDir().toString());
    }
}
