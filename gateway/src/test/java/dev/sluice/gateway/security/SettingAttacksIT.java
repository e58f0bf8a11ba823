package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.security.Attack.Listener;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.LogFile;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sluice.gateway.security.Attack.Kind.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile analysts against the gateway's configuration (docs/security.md, "Settings: allow, don't deny"): a session
 * changes only the settings of the allowlist, and state is restored only from the tenant's own savepoints. The victim
 * tenant has a job stopped with a savepoint; Mallory has one of her own. Every attack is refused on the listeners it
 * applies to, and the setting it aimed at stays as the gateway set it.
 */
class SettingAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String PROTECTED = "POLICY_PROTECTED_SETTING";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HostileTenant mallory;
    private static String victimSavepoint;
    private static String mallorysJob;
    private static String mallorysSavepoint;

    @BeforeAll
    static void twoTenantsWithAJobStoppedWithASavepointEach() {
        HostileTenant victim = HostileTenant.create(GATEWAY, "victim");
        mallory = HostileTenant.create(GATEWAY, "mallory");
        victimSavepoint = jobWithSavepoint(victim)[1];
        String[] own = jobWithSavepoint(mallory);
        mallorysJob = own[0];
        mallorysSavepoint = own[1];
    }

    /** Starts an endless job and stops it with a savepoint once its tasks run; answers its id and the savepoint's path. */
    private static String[] jobWithSavepoint(HostileTenant tenant) {
        tenant.api().run(null, """
                CREATE TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');
                CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');
                """);
        String job = tenant.api()
                .run(null, "INSERT INTO sink SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        // Refused until the job's tasks run.
        ApiClient.Response stopped = await("job " + job + " of " + tenant.name() + " to stop with a savepoint")
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> tenant.api()
                                .post("/api/v1/jobs/" + job + ":stop", "{\"savepoint\": true, \"drain\": false}"),
                        answer -> answer.status() == 200);
        return new String[] {
            job, stopped.body().get("savepoints").get(0).get("path").asText()
        };
    }

    /**
     * Sends each statement in a session of both listeners (SET and configure-session on the Flink endpoint); each is
     * refused, and neither session's settings differ afterwards from what they were. (Keys the gateway does not show a
     * client, such as checkpoint directories, are not in the listing; a refused statement never reaches Flink, and the
     * restore attack checks the job it would have changed.)
     */
    private static void refusedAndUnchanged(String... statements) {
        String apiSession = mallory.apiSession();
        String flinkSession = mallory.flinkSession();
        try {
            Map<String, String> apiBefore = mallory.apiSettings(apiSession);
            Map<String, String> flinkBefore = mallory.flinkSettings(flinkSession);
            for (String statement : statements) {
                mallory.refusedByApiIn(apiSession, PROTECTED, statement);
                mallory.refusedInFlinkSession(flinkSession, PROTECTED, Map.of(), statement);
                HostileTenant.assertRefused(mallory.flink().configureSession(flinkSession, statement), PROTECTED);
            }
            assertThat(mallory.apiSettings(apiSession)).isEqualTo(apiBefore);
            assertThat(mallory.flinkSettings(flinkSession)).isEqualTo(flinkBefore);
        } finally {
            mallory.flink().closeSession(flinkSession);
        }
    }

    private static String set(String key, String value) {
        return "SET '" + key + "' = '" + value + "'";
    }

    /** The example: SET a restore path to another tenant's state, then a job of the same shape restores it. */
    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJobCannotRestoreAnotherTenantsState() throws Exception {
        String key = "execution.state-recovery.path";
        refusedAndUnchanged(set(key, victimSavepoint));

        // The SET refused, a job of the victim's shape in the same session starts from nothing of the victim's.
        String session = mallory.apiSession();
        assertThat(mallory.refusedByApiIn(session, PROTECTED, set(key, victimSavepoint))
                        .get("message")
                        .asText())
                .contains("names no savepoint or checkpoint of a job of tenant 'mallory'");
        JsonNode job = mallory.api()
                .run(session, "INSERT INTO sink SELECT id FROM ticks")
                .get("statements")
                .get(0)
                .get("job");
        try {
            assertThat(restoredFrom(job.get("flinkJobId").asText())).isEmpty();
        } finally {
            mallory.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "");
        }
    }

    /** The same rule lets a tenant start a new version of its own job from its own savepoint, as sql-examples/rewind does. */
    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void pathTricksDoNotTurnAnotherTenantsStateIntoOnesOwn() {
        String key = "execution.state-recovery.path";
        String climbing = mallorysSavepoint + "/../../../" + "savepoints/"
                + victimSavepoint.substring(victimSavepoint.lastIndexOf('/') + 1);
        refusedAndUnchanged(set(key, climbing), set(key, victimSavepoint + "/_metadata"));

        mallory.api().run(mallory.apiSession(), set(key, mallorysSavepoint));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void deprecatedAliasesOfTheRestoreSettingsAreRefused() {
        refusedAndUnchanged(set("execution.savepoint.path", victimSavepoint));
        refusedAndUnchanged(
                set("execution.savepoint-restore-mode", "CLAIM"), set("execution.state-recovery.claim-mode", "CLAIM"));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void checkpointAndSavepointDirectoriesAreTheGatewaysOwn() {
        String elsewhere =
                SluiceServerExtension.TEMP_ROOT.resolve("mallory-state").toUri().toString();
        for (String key : List.of(
                "execution.checkpointing.dir",
                "state.checkpoints.dir",
                "execution.checkpointing.savepoint-dir",
                "state.savepoints.dir",
                "execution.checkpointing.storage",
                "state.backend.rocksdb.localdir",
                "io.tmp.dirs")) {
            refusedAndUnchanged(set(key, elsewhere));
        }
        refusedAndUnchanged(set("execution.checkpointing.externalized-checkpoint-retention", "DELETE_ON_CANCELLATION"));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noSettingLoadsCode() {
        String jar = SluiceServerExtension.TEMP_ROOT.resolve("evil.jar").toUri().toString();
        for (String key : List.of(
                "pipeline.jars", "pipeline.classpaths", "pipeline.cached-files", "table.resources.download-dir")) {
            refusedAndUnchanged(set(key, jar));
        }
        refusedAndUnchanged(set("state.backend.type", "org.example.EvilStateBackendFactory"));
        refusedAndUnchanged(set("restart-strategy.type", "org.example.EvilRestarts"));
        refusedAndUnchanged(set("table.catalog-modification.listeners", "org.example.Spy"));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theClustersAndGatewaysEndpointsCannotBeRepointed() {
        refusedAndUnchanged(set("rest.port", "1"));
        refusedAndUnchanged(set("rest.address", "203.0.113.10"));
        refusedAndUnchanged(set("execution.target", "local"));
        refusedAndUnchanged(set("sql-gateway.endpoint.rest.port", "1"));
        refusedAndUnchanged(set("$internal.pipeline.job-id", "00000000000000000000000000000000"));
        refusedAndUnchanged(set("sluice.metadata.url", "jdbc:h2:mem:x"));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void caseAndWhiteSpaceDoNotSlipPastTheList() {
        refusedAndUnchanged(
                set(" Execution.State-Recovery.Path ", victimSavepoint),
                set("EXECUTION.STATE-RECOVERY.PATH", victimSavepoint));
        refusedAndUnchanged(set("REST.PORT", "1"), set("rest.port ", "1"), set("\trest.port", "1"));
        refusedAndUnchanged(set("Pipeline.Jars", "file:///x.jar"));
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void resetOfASettingTheGatewaySetsIsRefused() {
        refusedAndUnchanged(
                "RESET 'execution.checkpointing.dir'",
                "RESET 'rest.port'",
                "RESET 'execution.target'",
                "RESET 'table.resources.download-dir'");
    }

    /** A statement's execution config reaches only the Flink-compatible endpoint: the same list applies to it. */
    @Attack(
            kind = SETTINGS,
            through = {Listener.FLINK_ENDPOINT})
    @Test
    void aStatementsExecutionConfigIsHeldToTheSameList() {
        List<String> jobsBefore = mallory.jobs();
        for (Map<String, String> config : List.of(
                Map.of("execution.state-recovery.path", victimSavepoint),
                Map.of("pipeline.jars", "file:///tmp/evil.jar"),
                Map.of("execution.checkpointing.dir", "file:///tmp/mallory-state"),
                Map.of("rest.port", "1"))) {
            String session = mallory.flinkSession();
            try {
                mallory.refusedInFlinkSession(session, PROTECTED, config, "INSERT INTO sink SELECT id FROM ticks");
            } finally {
                mallory.flink().closeSession(session);
            }
        }
        assertThat(mallory.jobs()).isEqualTo(jobsBefore);
    }

    /**
     * Session properties on open: a key no session may change is dropped (clients send their whole configuration); an
     * allowed key with a value the rules refuse refuses the session.
     */
    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void sessionPropertiesOnOpenFollowTheSameRules() {
        ApiClient.Response refused = mallory.api()
                .post(
                        "/api/v1/sessions",
                        "{\"properties\": {\"execution.state-recovery.path\": \"" + victimSavepoint + "\"}}");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo(PROTECTED);
        HostileTenant.assertRefused(
                mallory.flink()
                        .openSession(Map.of(
                                "sluice.token", mallory.token(), "execution.state-recovery.path", victimSavepoint)),
                PROTECTED);

        // Dropped, with one warning naming them; the session runs as the gateway configured it.
        Map<String, String> dropped = Map.of(
                "pipeline.jars",
                "file:///tmp/evil.jar",
                "rest.port",
                "1",
                "execution.checkpointing.dir",
                "file:///tmp/mallory-state",
                "execution.target",
                "local");
        ApiClient.Response opened =
                mallory.api().post("/api/v1/sessions", "{\"properties\": " + MAPPER.valueToTree(dropped) + "}");
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        assertThat(mallory.api()
                        .run(opened.body().get("sessionId").asText(), "SELECT 1")
                        .get("statements")
                        .get(0)
                        .get("kind")
                        .asText())
                .isEqualTo("QUERY");
        Map<String, String> properties = new HashMap<>(dropped);
        properties.put("sluice.token", mallory.token());
        FlinkEndpointClient.Response flinkOpened = mallory.flink().openSession(properties);
        assertThat(flinkOpened.status()).as(flinkOpened.body().toString()).isEqualTo(200);
        String session = flinkOpened.body().get("sessionHandle").asText();
        assertThat(mallory.flink().query(session, "SELECT 1", WAIT)).containsExactly("INSERT [1]");
        mallory.flink().closeSession(session);
        assertThat(LogFile.read())
                .contains("Ignored session properties [execution.checkpointing.dir, execution.target, pipeline.jars,"
                        + " rest.port]: tenant 'mallory' may not change them");
    }

    /** The example: :resume accepted another tenant's savepoint. A job resumes from its own state only. */
    @Attack(
            kind = SETTINGS,
            through = {Listener.API})
    @Test
    void aJobCannotBeResumedFromAnotherTenantsSavepoint() {
        ApiClient.Response refused = mallory.api()
                .post("/api/v1/jobs/" + mallorysJob + ":resume", "{\"savepoint\": \"" + victimSavepoint + "\"}");

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.body().get("error").get("field").asText()).isEqualTo("savepoint");
        JsonNode job = mallory.api().get("/api/v1/jobs/" + mallorysJob).body();
        assertThat(job.get("status").asText()).isEqualTo("STOPPED");
        assertThat(job.get("savepoints")).hasSize(1);
    }

    @Attack(
            kind = SETTINGS,
            through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void environmentAndClassLoadingAreNotASessions() {
        refusedAndUnchanged(set("env.java.opts.all", "-javaagent:/tmp/evil.jar"));
        refusedAndUnchanged(set("classloader.resolve-order", "parent-first"));
        refusedAndUnchanged(set("python.files", "/tmp/evil.py"));
        refusedAndUnchanged(set("table.sql-dialect", "hive"));
    }

    /** Where the Flink job restored its state from, as the cluster reports it once the job runs; empty when it did not. */
    private static Optional<String> restoredFrom(String flinkJobId) throws Exception {
        await("Flink job " + flinkJobId + " to run")
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> clusterGet("/jobs/" + flinkJobId),
                        job -> job != null && job.path("state").asText().equals("RUNNING"));
        JsonNode restored = clusterGet("/jobs/" + flinkJobId + "/checkpoints")
                .path("latest")
                .path("restored");
        return restored.isMissingNode() || restored.isNull()
                ? Optional.empty()
                : Optional.of(restored.path("external_path").asText());
    }

    private static JsonNode clusterGet(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(GATEWAY.clusterUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? MAPPER.readTree(response.body()) : null;
    }
}
