package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.security.Attack.Listener;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.sluice.gateway.security.Attack.Kind.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile analysts against the gateway's configuration (docs/security.md, "Settings: allow, don't deny"): a session
 * changes only the settings of the allowlist, and state is restored only from the tenant's own savepoints. The victim
 * tenant has a job stopped with a savepoint; Mallory has one of her own. Every attack is refused on the listeners it
 * applies to, and the setting it aimed at stays as the gateway set it.
 */
class SettingAttacksTest {

    @RegisterExtension static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final String PROTECTED = "POLICY_PROTECTED_SETTING";
    private static final Duration WAIT = Duration.ofSeconds(90);

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
        String job = tenant.api().run(null, "INSERT INTO sink SELECT id FROM ticks").get("statements").get(0).get("job").get("id").asText();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            ApiClient.Response stopped = tenant.api().post("/api/v1/jobs/" + job + ":stop", "{\"savepoint\": true, \"drain\": false}");
            if (stopped.status() == 200) {
                return new String[] {job, stopped.body().get("savepoints").get(0).get("path").asText()};
            }
            pause();
        }
        throw new AssertionError("Job " + job + " of " + tenant.name() + " could not be stopped with a savepoint within " + WAIT);
    }

    /**
     * Sends each statement in a session of both listeners (SET and configure-session on the Flink endpoint); each is
     * refused, and neither session holds the value afterwards.
     */
    private static void refusedAndUnchanged(String key, String value, String... statements) {
        String apiSession = mallory.apiSession();
        String flinkSession = mallory.flinkSession();
        try {
            for (String statement : statements) {
                mallory.refusedByApiIn(apiSession, PROTECTED, statement);
                mallory.refusedInFlinkSession(flinkSession, PROTECTED, Map.of(), statement);
                HostileTenant.assertRefused(mallory.flink().configureSession(flinkSession, statement), PROTECTED);
            }
            assertThat(mallory.apiSettings(apiSession).get(key)).isNotEqualTo(value);
            assertThat(mallory.flinkSettings(flinkSession).get(key)).isNotEqualTo(value);
        } finally {
            mallory.flink().closeSession(flinkSession);
        }
    }

    private static String set(String key, String value) {
        return "SET '" + key + "' = '" + value + "'";
    }

    /** The example: SET a restore path to another tenant's state, then a job of the same shape restores it. */
    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void aJobCannotRestoreAnotherTenantsState() {
        String key = "execution.state-recovery.path";
        refusedAndUnchanged(key, victimSavepoint, set(key, victimSavepoint));

        assertThat(mallory.refusedByApi(PROTECTED, set(key, victimSavepoint), "INSERT INTO sink SELECT id FROM ticks").get("message").asText())
                .contains("names no savepoint or checkpoint of a job of tenant 'mallory'");
        assertThat(mallory.jobs()).containsExactly(mallorysJob);
    }

    /** The same rule lets a tenant start a new version of its own job from its own savepoint, as sql-examples/rewind does. */
    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void pathTricksDoNotTurnAnotherTenantsStateIntoOnesOwn() {
        String key = "execution.state-recovery.path";
        String climbing = mallorysSavepoint + "/../../../" + "savepoints/" + victimSavepoint.substring(victimSavepoint.lastIndexOf('/') + 1);
        refusedAndUnchanged(key, climbing, set(key, climbing), set(key, victimSavepoint + "/_metadata"));

        String session = mallory.apiSession();
        mallory.api().run(session, set(key, mallorysSavepoint));
        assertThat(mallory.apiSettings(session)).containsEntry(key, mallorysSavepoint);
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void deprecatedAliasesOfTheRestoreSettingsAreRefused() {
        refusedAndUnchanged("execution.savepoint.path", victimSavepoint, set("execution.savepoint.path", victimSavepoint));
        refusedAndUnchanged("execution.savepoint-restore-mode", "CLAIM", set("execution.savepoint-restore-mode", "CLAIM"),
                set("execution.state-recovery.claim-mode", "CLAIM"));
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void checkpointAndSavepointDirectoriesAreTheGatewaysOwn() {
        String elsewhere = SluiceServerExtension.TEMP_ROOT.resolve("mallory-state").toUri().toString();
        for (String key : List.of("execution.checkpointing.dir", "state.checkpoints.dir", "execution.checkpointing.savepoint-dir",
                "state.savepoints.dir", "execution.checkpointing.storage", "state.backend.rocksdb.localdir", "io.tmp.dirs")) {
            refusedAndUnchanged(key, elsewhere, set(key, elsewhere));
        }
        refusedAndUnchanged("execution.checkpointing.externalized-checkpoint-retention", "DELETE_ON_CANCELLATION",
                set("execution.checkpointing.externalized-checkpoint-retention", "DELETE_ON_CANCELLATION"));
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void noSettingLoadsCode() {
        String jar = SluiceServerExtension.TEMP_ROOT.resolve("evil.jar").toUri().toString();
        for (String key : List.of("pipeline.jars", "pipeline.classpaths", "pipeline.cached-files", "table.resources.download-dir")) {
            refusedAndUnchanged(key, jar, set(key, jar));
        }
        refusedAndUnchanged("state.backend.type", "org.example.EvilStateBackendFactory", set("state.backend.type", "org.example.EvilStateBackendFactory"));
        refusedAndUnchanged("restart-strategy.type", "org.example.EvilRestarts", set("restart-strategy.type", "org.example.EvilRestarts"));
        refusedAndUnchanged("table.catalog-modification.listeners", "org.example.Spy", set("table.catalog-modification.listeners", "org.example.Spy"));
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void theClustersAndGatewaysEndpointsCannotBeRepointed() {
        refusedAndUnchanged("rest.port", "1", set("rest.port", "1"));
        refusedAndUnchanged("rest.address", "203.0.113.10", set("rest.address", "203.0.113.10"));
        refusedAndUnchanged("execution.target", "local", set("execution.target", "local"));
        refusedAndUnchanged("sql-gateway.endpoint.rest.port", "1", set("sql-gateway.endpoint.rest.port", "1"));
        refusedAndUnchanged("$internal.pipeline.job-id", "00000000000000000000000000000000",
                set("$internal.pipeline.job-id", "00000000000000000000000000000000"));
        refusedAndUnchanged("sluice.metadata.url", "jdbc:h2:mem:x", set("sluice.metadata.url", "jdbc:h2:mem:x"));
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void caseAndWhiteSpaceDoNotSlipPastTheList() {
        refusedAndUnchanged("execution.state-recovery.path", victimSavepoint,
                set(" Execution.State-Recovery.Path ", victimSavepoint), set("EXECUTION.STATE-RECOVERY.PATH", victimSavepoint));
        refusedAndUnchanged("rest.port", "1", set("REST.PORT", "1"), set("rest.port ", "1"), set("\trest.port", "1"));
        refusedAndUnchanged("pipeline.jars", "file:///x.jar", set("Pipeline.Jars", "file:///x.jar"));
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void resetOfASettingTheGatewaySetsIsRefused() {
        String checkpoints = GATEWAY.api().run(null, "SET").get("statements").get(0).get("id").asText();
        String before = GATEWAY.api().readAll(checkpoints, WAIT).stream()
                .filter(row -> row.get("fields").get(0).asText().equals("execution.checkpointing.dir"))
                .map(row -> row.get("fields").get(1).asText()).findFirst().orElseThrow();

        refusedAndUnchanged("execution.checkpointing.dir", "", "RESET 'execution.checkpointing.dir'", "RESET 'rest.port'",
                "RESET 'execution.target'");

        String session = mallory.apiSession();
        assertThat(mallory.apiSettings(session)).containsEntry("execution.checkpointing.dir", before);
    }

    /** A statement's execution config reaches only the Flink-compatible endpoint: the same list applies to it. */
    @Attack(kind = SETTINGS, through = {Listener.FLINK_ENDPOINT})
    @Test
    void aStatementsExecutionConfigIsHeldToTheSameList() {
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
        assertThat(mallory.jobs()).containsExactly(mallorysJob);
    }

    /**
     * Session properties on open: a key no session may change is dropped (clients send their whole configuration); an
     * allowed key with a value the rules refuse refuses the session.
     */
    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void sessionPropertiesOnOpenFollowTheSameRules() {
        ApiClient.Response refused = mallory.api().post("/api/v1/sessions",
                "{\"properties\": {\"execution.state-recovery.path\": \"" + victimSavepoint + "\"}}");
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo(PROTECTED);
        HostileTenant.assertRefused(mallory.flink().openSession(Map.of("sluice.token", mallory.token(),
                "execution.state-recovery.path", victimSavepoint)), PROTECTED);

        Map<String, String> dropped = Map.of("pipeline.jars", "file:///tmp/evil.jar", "rest.port", "1", "execution.checkpointing.dir",
                "file:///tmp/mallory-state", "execution.target", "local");
        ApiClient.Response opened = mallory.api().post("/api/v1/sessions",
                "{\"properties\": " + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(dropped) + "}");
        assertThat(opened.status()).as(opened.body().toString()).isEqualTo(201);
        Map<String, String> apiSettings = mallory.apiSettings(opened.body().get("sessionId").asText());
        dropped.forEach((key, value) -> assertThat(apiSettings.get(key)).as(key).isNotEqualTo(value));

        Map<String, String> properties = new java.util.HashMap<>(dropped);
        properties.put("sluice.token", mallory.token());
        FlinkEndpointClient.Response flinkOpened = mallory.flink().openSession(properties);
        assertThat(flinkOpened.status()).as(flinkOpened.body().toString()).isEqualTo(200);
        String session = flinkOpened.body().get("sessionHandle").asText();
        Map<String, String> flinkSettings = mallory.flinkSettings(session);
        dropped.forEach((key, value) -> assertThat(flinkSettings.get(key)).as(key).isNotEqualTo(value));
        mallory.flink().closeSession(session);
    }

    /** The example: :resume accepted another tenant's savepoint. A job resumes from its own state only. */
    @Attack(kind = SETTINGS, through = {Listener.API})
    @Test
    void aJobCannotBeResumedFromAnotherTenantsSavepoint() {
        ApiClient.Response refused = mallory.api().post("/api/v1/jobs/" + mallorysJob + ":resume", "{\"savepoint\": \"" + victimSavepoint + "\"}");

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.body().get("error").get("field").asText()).isEqualTo("savepoint");
        JsonNode job = mallory.api().get("/api/v1/jobs/" + mallorysJob).body();
        assertThat(job.get("status").asText()).isEqualTo("STOPPED");
        assertThat(job.get("savepoints")).hasSize(1);
    }

    @Attack(kind = SETTINGS, through = {Listener.API, Listener.FLINK_ENDPOINT})
    @Test
    void environmentAndClassLoadingAreNotASessions() {
        refusedAndUnchanged("env.java.opts.all", "-javaagent:/tmp/evil.jar", set("env.java.opts.all", "-javaagent:/tmp/evil.jar"));
        refusedAndUnchanged("classloader.resolve-order", "parent-first", set("classloader.resolve-order", "parent-first"));
        refusedAndUnchanged("python.files", "/tmp/evil.py", set("python.files", "/tmp/evil.py"));
        refusedAndUnchanged("table.sql-dialect", "hive", set("table.sql-dialect", "hive"));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
