package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas cover everything that takes the cluster's resources. A hostile analyst tries to take more than their tenant's
 * share: streaming queries beyond the quota or the cap on queries, a BEGIN STATEMENT SET block over quota, a flood of
 * approval requests, filling the cluster so another tenant's job waits unscheduled. Each attempt fails with its code,
 * and nothing changes: no job starts, the usage is as before, the other tenant's work runs on.
 */
class QuotaAttacksIT {

    private static final int CLUSTER_SLOTS = 6;
    private static final int MAX_QUERIES = 3;
    private static final int MAX_PENDING_APPROVALS = 2;

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres(options -> {
        options.set(SluiceOptions.CLUSTER_TASK_SLOTS, CLUSTER_SLOTS);
        options.set(SluiceOptions.LIMITS_MAX_QUERIES_PER_TENANT, MAX_QUERIES);
        options.set(SluiceOptions.LIMITS_MAX_PENDING_APPROVALS_PER_TENANT, MAX_PENDING_APPROVALS);
    });

    /**
     * A cluster whose TaskManagers have not all come up: admission counts 4 slots (as an admin configures for a
     * cluster that starts TaskManagers on demand), the cluster has 2.
     */
    @RegisterExtension
    static final SluiceServerExtension ELASTIC = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.CLUSTER_TASK_SLOTS, 2);
        options.set(SluiceOptions.ADMISSION_CLUSTER_TASK_SLOTS, 4);
    });

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TICKS =
            "CREATE TEMPORARY TABLE IF NOT EXISTS ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')";
    private static final String SINKS =
            "CREATE TABLE IF NOT EXISTS sink_a (id BIGINT) WITH ('connector' = 'blackhole');"
                    + "CREATE TABLE IF NOT EXISTS sink_b (id BIGINT) WITH ('connector' = 'blackhole');"
                    + "CREATE TABLE IF NOT EXISTS clicks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5')";
    private static final String STATEMENT_SET = """
            BEGIN STATEMENT SET;
            INSERT INTO sink_a SELECT id FROM clicks;
            INSERT INTO sink_b SELECT id * 2 FROM clicks;
            END""";

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void streamingQueriesBeyondTheTenantsSlotQuotaAreRefused() {
        Analyst mallory = Analyst.of(GATEWAY, "q-slots", "nb");
        quota(GATEWAY, "q-slots", 20, 1);
        String session = mallory.api().openSession();
        String first = query(mallory.api(), session);

        String endpointSession = endpoint(GATEWAY).openSession(mallory.token());

        Response overApi = mallory.api().post("/api/v1/statements", script(session, "SELECT id FROM ticks"));
        FlinkEndpointClient.Response overEndpoint = streamingQueryOverEndpoint(endpointSession);

        assertThat(overApi.status()).isEqualTo(403);
        assertThat(overApi.body().get("error").get("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(overApi.body().get("error").get("message").asText())
                .contains("taskSlots: 1 in use + 1 asked > 1 allowed");
        assertThat(overEndpoint.status()).isEqualTo(403);
        assertThat(overEndpoint.errors()).contains("[QUOTA_EXCEEDED]", "taskSlots: 1 in use + 1 asked > 1 allowed");
        // Nothing changed: one query counted, and it still streams; no approval request was made.
        assertThat(used(GATEWAY, "q-slots")).isEqualTo(List.of(0, 1, 1));
        assertThat(mallory.api()
                        .get("/api/v1/statements/" + first + "/results?token=0")
                        .status())
                .isEqualTo(200);
        assertThat(mallory.api().get("/api/v1/approvals").body().get("approvals"))
                .isEmpty();
        mallory.api().delete("/api/v1/sessions/" + session);
        endpoint(GATEWAY).closeSession(endpointSession);
        await("the query's slot back", () -> used(GATEWAY, "q-slots").equals(List.of(0, 0, 0)));
    }

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void queriesBeyondTheCapOnQueriesAreRefused() {
        Analyst mallory = Analyst.of(GATEWAY, "q-cap", "nb");
        String session = mallory.api().openSession();
        List<String> running = new ArrayList<>();
        for (int i = 0; i < MAX_QUERIES - 1; i++) {
            running.add(query(mallory.api(), session));
        }
        String endpointSession = endpoint(GATEWAY).openSession(mallory.token());
        assertThat(streamingQueryOverEndpoint(endpointSession).status()).isEqualTo(200);

        Response overApi = mallory.api().post("/api/v1/statements", script(session, "SELECT id FROM ticks"));
        FlinkEndpointClient.Response overEndpoint = endpoint(GATEWAY).execute(endpointSession, "SELECT id FROM ticks");

        assertThat(overApi.status()).isEqualTo(429);
        assertThat(overApi.body().get("error").get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");
        assertThat(overApi.body().get("error").get("message").asText())
                .contains("runs 3 queries", "sluice.limits.max-queries-per-tenant");
        assertThat(overApi.body().get("error").get("hint").asText()).contains("DELETE /api/v1/statements/");
        assertThat(overEndpoint.status()).isEqualTo(429);
        assertThat(overEndpoint.errors()).contains("[TENANT_LIMIT_REACHED]");
        assertThat(used(GATEWAY, "q-cap")).isEqualTo(List.of(0, MAX_QUERIES, MAX_QUERIES));

        // Closing one query's results makes room for another.
        assertThat(mallory.api().delete("/api/v1/statements/" + running.get(0)).status())
                .isEqualTo(204);
        await("a query fewer", () -> used(GATEWAY, "q-cap").get(1) == MAX_QUERIES - 1);
        query(mallory.api(), session);
        mallory.api().delete("/api/v1/sessions/" + session);
        endpoint(GATEWAY).closeSession(endpointSession);
        await("every query ended", () -> used(GATEWAY, "q-cap").equals(List.of(0, 0, 0)));
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void aBeginStatementSetBlockOverQuotaIsHeldLikeExecuteStatementSetAndNothingRuns() {
        Analyst mallory = Analyst.of(GATEWAY, "set-held", "nb");
        quota(GATEWAY, "set-held", 0, 8);
        String session = mallory.api().openSession();
        mallory.api().run(session, SINKS);
        int clusterJobsBefore = clusterJobsRunning(GATEWAY);

        Response held = mallory.api().post("/api/v1/statements", script(session, STATEMENT_SET));

        assertThat(held.status()).as(held.body().toString()).isEqualTo(202);
        assertThat(held.body().get("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(held.body().get("exceeded").toString()).contains("jobs: 0 in use + 1 asked > 0 allowed");
        String approvalId = held.body().get("approvalId").asText();
        JsonNode request = mallory.api().get("/api/v1/approvals/" + approvalId).body();
        assertThat(request.get("sql").asText()).isEqualTo("""
                EXECUTE STATEMENT SET
                BEGIN
                INSERT INTO sink_a SELECT id FROM clicks;
                INSERT INTO sink_b SELECT id * 2 FROM clicks;
                END""");
        assertThat(request.get("demand").get("taskSlots").asInt()).isEqualTo(1);
        // Nothing runs: no job of the tenant, none more on the cluster, nothing used.
        assertThat(mallory.api().get("/api/v1/jobs").body().get("jobs")).isEmpty();
        assertThat(clusterJobsRunning(GATEWAY)).isEqualTo(clusterJobsBefore);
        assertThat(used(GATEWAY, "set-held")).isEqualTo(List.of(0, 0, 0));
        // The session's block was closed, as END closes it: the session takes ordinary statements again.
        assertThat(mallory.api()
                        .post("/api/v1/statements", script(session, "SHOW TABLES"))
                        .status())
                .isEqualTo(200);

        // Approved by an admin, it runs as the one statement set it stands for, and counts.
        Response approved = GATEWAY.api()
                .withToken(Analyst.of(GATEWAY, "default", "ops-set", "admin").token())
                .post("/api/v1/approvals/" + approvalId + ":approve", "{}");
        assertThat(approved.body().get("status").asText())
                .as(approved.body().toString())
                .isEqualTo("APPROVED");
        String jobId = approved.body().get("jobId").asText();
        assertThat(mallory.api().get("/api/v1/jobs/" + jobId).body().get("sql").asText())
                .startsWith("EXECUTE STATEMENT SET");
        assertThat(used(GATEWAY, "set-held")).isEqualTo(List.of(1, 0, 1));
        GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        mallory.api().delete("/api/v1/sessions/" + session);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.FLINK_ENDPOINT)
    void aBeginStatementSetBlockOverQuotaThroughTheFlinkEndpointIsHeldAndNothingRuns() {
        Analyst mallory = Analyst.of(GATEWAY, "set-held-jdbc", "nb");
        quota(GATEWAY, "set-held-jdbc", 0, 8);
        String session = endpoint(GATEWAY).openSession(mallory.token());
        for (String ddl : SINKS.split(";")) {
            endpoint(GATEWAY).query(session, ddl, WAIT);
        }
        int clusterJobsBefore = clusterJobsRunning(GATEWAY);
        String[] block = STATEMENT_SET.split(";\n");
        for (int i = 0; i < block.length - 1; i++) {
            endpoint(GATEWAY).query(session, block[i], WAIT);
        }

        FlinkEndpointClient.Response end = endpoint(GATEWAY).execute(session, "END");

        assertThat(end.status()).isEqualTo(409);
        assertThat(end.errors()).contains("[PENDING_APPROVAL]", "jobs: 0 in use + 1 asked > 0 allowed");
        JsonNode requests = GATEWAY.api()
                .get("/api/v1/approvals?tenant=set-held-jdbc")
                .body()
                .get("approvals");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).get("sql").asText()).startsWith("EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO sink_a");
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().get("jobs").findValuesAsText("tenant"))
                .doesNotContain("set-held-jdbc");
        assertThat(clusterJobsRunning(GATEWAY)).isEqualTo(clusterJobsBefore);
        assertThat(used(GATEWAY, "set-held-jdbc")).isEqualTo(List.of(0, 0, 0));
        endpoint(GATEWAY).closeSession(session);
    }

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aStatementSetsJobIsCountedSoTheNextJobIsHeld() {
        Analyst mallory = Analyst.of(GATEWAY, "set-counted", "nb");
        quota(GATEWAY, "set-counted", 1, 8);
        String session = mallory.api().openSession();
        mallory.api().run(session, SINKS);

        JsonNode set =
                mallory.api().run(session, STATEMENT_SET).get("statements").get(3);
        JsonNode job = set.get("job");
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");
        assertThat(job.get("sql").asText()).startsWith("EXECUTE STATEMENT SET");
        assertThat(used(GATEWAY, "set-counted")).isEqualTo(List.of(1, 0, 1));

        Response overApi = mallory.api().post("/api/v1/statements", script(session, STATEMENT_SET));
        String endpointSession = endpoint(GATEWAY).openSession(mallory.token());
        String[] block = STATEMENT_SET.split(";\n");
        for (int i = 0; i < block.length - 1; i++) {
            endpoint(GATEWAY).query(endpointSession, block[i], WAIT);
        }
        FlinkEndpointClient.Response overEndpoint = endpoint(GATEWAY).execute(endpointSession, "END");

        assertThat(overApi.status()).isEqualTo(202);
        assertThat(overApi.body().get("exceeded").toString()).contains("jobs: 1 in use + 1 asked > 1 allowed");
        assertThat(overEndpoint.status()).isEqualTo(409);
        assertThat(overEndpoint.errors()).contains("jobs: 1 in use + 1 asked > 1 allowed");
        // The first set's job runs on, alone.
        assertThat(mallory.api().get("/api/v1/jobs").body().get("jobs"))
                .singleElement()
                .satisfies(only -> assertThat(only.get("status").asText()).isEqualTo("RUNNING"));
        assertThat(used(GATEWAY, "set-counted")).isEqualTo(List.of(1, 0, 1));
        GATEWAY.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "");
        mallory.api().delete("/api/v1/sessions/" + session);
        endpoint(GATEWAY).closeSession(endpointSession);
    }

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void approvalRequestsBeyondTheCapAreRefusedNotHeld() {
        Analyst mallory = Analyst.of(GATEWAY, "flood", "nb");
        quota(GATEWAY, "flood", 0, 8);
        String session = mallory.api().openSession();
        mallory.api().run(session, SINKS);
        for (int i = 0; i < MAX_PENDING_APPROVALS; i++) {
            assertThat(mallory.api()
                            .post("/api/v1/statements", script(session, "INSERT INTO sink_a SELECT id FROM clicks"))
                            .status())
                    .isEqualTo(202);
        }

        Response overApi = mallory.api()
                .post("/api/v1/statements", script(session, "INSERT INTO sink_a SELECT id + 1 FROM clicks"));
        String endpointSession = endpoint(GATEWAY).openSession(mallory.token());
        FlinkEndpointClient.Response overEndpoint =
                endpoint(GATEWAY).execute(endpointSession, "INSERT INTO sink_b SELECT id FROM clicks");

        assertThat(overApi.status()).isEqualTo(429);
        assertThat(overApi.body().get("error").get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");
        assertThat(overApi.body().get("error").get("message").asText())
                .contains(
                        "has 2 approval requests pending",
                        "sluice.limits.max-pending-approvals-per-tenant",
                        "not held");
        assertThat(overEndpoint.status()).isEqualTo(429);
        assertThat(overEndpoint.errors()).contains("[TENANT_LIMIT_REACHED]");
        // Nothing changed: still two requests, no job.
        assertThat(mallory.api().get("/api/v1/approvals").body().get("approvals"))
                .hasSize(MAX_PENDING_APPROVALS);
        assertThat(mallory.api().get("/api/v1/jobs").body().get("jobs")).isEmpty();
        assertThat(GATEWAY.api()
                        .get("/api/v1/tenants/flood/quota")
                        .body()
                        .get("used")
                        .get("pendingApprovals")
                        .asInt())
                .isEqualTo(MAX_PENDING_APPROVALS);
        mallory.api().delete("/api/v1/sessions/" + session);
        endpoint(GATEWAY).closeSession(endpointSession);
    }

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void oneTenantFillingTheClusterGetsAnothersJobRefusedInsteadOfLeftUnscheduled() {
        Analyst hog = Analyst.of(GATEWAY, "hog", "nb");
        Analyst victim = Analyst.of(GATEWAY, "victim", "nb");
        await("an empty cluster", () -> clusterJobsRunning(GATEWAY) == 0);
        String hogSession = hog.api().openSession();
        hog.api().run(hogSession, "SET 'parallelism.default' = '2'");
        List<String> hogQueries = new ArrayList<>();
        for (int i = 0; i < CLUSTER_SLOTS / 2; i++) {
            hogQueries.add(query(hog.api(), hogSession));
        }
        String victimSession = victim.api().openSession();
        victim.api().run(victimSession, SINKS);
        String endpointSession = endpoint(GATEWAY).openSession(victim.token());

        Response refused = victim.api()
                .post("/api/v1/statements", script(victimSession, "INSERT INTO sink_a SELECT id FROM clicks"));
        FlinkEndpointClient.Response refusedQuery = endpoint(GATEWAY).execute(endpointSession, "SELECT id FROM clicks");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("CLUSTER_FULL");
        assertThat(refused.body().get("error").get("message").asText())
                .contains("needs 1 task slot", "has 0 free of 6");
        assertThat(refused.body().get("error").get("hint").asText()).contains("Try again");
        assertThat(refusedQuery.status()).isEqualTo(503);
        assertThat(refusedQuery.errors()).contains("[CLUSTER_FULL]");
        // Nothing half-made: no job record for the victim, nothing counted; the hog's queries stream on.
        assertThat(victim.api().get("/api/v1/jobs").body().get("jobs")).isEmpty();
        assertThat(used(GATEWAY, "victim")).isEqualTo(List.of(0, 0, 0));
        assertThat(used(GATEWAY, "hog")).isEqualTo(List.of(0, 3, 6));
        assertThat(hog.api()
                        .get("/api/v1/statements/" + hogQueries.get(0) + "/results?token=0")
                        .status())
                .isEqualTo(200);

        // Once the hog lets go, the victim's job starts and runs.
        hog.api().delete("/api/v1/sessions/" + hogSession);
        await("the hog's slots back", () -> used(GATEWAY, "hog").equals(List.of(0, 0, 0)));
        JsonNode job = victim.api()
                .run(victimSession, "INSERT INTO sink_a SELECT id FROM clicks")
                .get("statements")
                .get(0)
                .get("job");
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");
        GATEWAY.api().post("/api/v1/jobs/" + job.get("id").asText() + ":stop", "");
        victim.api().delete("/api/v1/sessions/" + victimSession);
        endpoint(GATEWAY).closeSession(endpointSession);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void aJobWaitingForSlotsAnotherTenantHoldsIsShownSchedulingNeverRunning() {
        Analyst hog = Analyst.of(ELASTIC, "hog", "nb");
        Analyst victim = Analyst.of(ELASTIC, "victim", "nb");
        String hogSession = hog.api().openSession();
        query(hog.api(), hogSession);
        query(hog.api(), hogSession);
        String victimSession = victim.api().openSession();
        victim.api().run(victimSession, SINKS);

        // Admitted against the 4 slots the admin configured, but the cluster's 2 run the hog's queries.
        JsonNode job = victim.api()
                .run(victimSession, "INSERT INTO sink_a SELECT id FROM clicks")
                .get("statements")
                .get(0)
                .get("job");
        String jobId = job.get("id").asText();

        assertThat(job.get("status").asText()).isEqualTo("SCHEDULING");
        assertThat(job.get("statusMessage").asText()).contains("Waiting for task slots", "0 of");
        Awaitility.await("the job to stay SCHEDULING for a second")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> victim.api()
                                .get("/api/v1/jobs")
                                .body()
                                .get("jobs")
                                .get(0)
                                .get("status")
                                .asText(),
                        "SCHEDULING"::equals);
        assertThat(ELASTIC.api()
                        .get("/api/v1/tenants/victim/quota")
                        .body()
                        .get("used")
                        .get("jobs")
                        .asInt())
                .isEqualTo(1);

        // When the hog's queries end, the job gets its slot and is RUNNING.
        hog.api().delete("/api/v1/sessions/" + hogSession);
        await(
                "the job running",
                () -> victim.api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("status")
                        .asText()
                        .equals("RUNNING"));
        assertThat(victim.api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("history")
                        .findValuesAsText("status"))
                .containsExactly("SCHEDULING", "RUNNING");
        ELASTIC.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        victim.api().delete("/api/v1/sessions/" + victimSession);
    }

    @Test
    @Attack(
            kind = Attack.Kind.QUOTAS,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aQuerysSlotsAreReleasedWhenItsSessionCloses() {
        Analyst mallory = Analyst.of(GATEWAY, "q-close", "nb");
        String apiSession = mallory.api().openSession();
        query(mallory.api(), apiSession);
        String endpointSession = endpoint(GATEWAY).openSession(mallory.token());
        assertThat(streamingQueryOverEndpoint(endpointSession).status()).isEqualTo(200);
        assertThat(used(GATEWAY, "q-close")).isEqualTo(List.of(0, 2, 2));

        mallory.api().delete("/api/v1/sessions/" + apiSession);
        await("the API session's query released", () -> used(GATEWAY, "q-close").equals(List.of(0, 1, 1)));
        endpoint(GATEWAY).closeSession(endpointSession);
        await(
                "the endpoint session's query released",
                () -> used(GATEWAY, "q-close").equals(List.of(0, 0, 0)));
        await("no query job left on the cluster", () -> clusterJobsRunning(GATEWAY) == 0);
    }

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.FLINK_ENDPOINT)
    void queriesCancelledAsTheyStartDoNotTakeTheClustersTaskManagerDown() {
        Analyst bystander = Analyst.of(GATEWAY, "bystander", "nb");
        String bystanderSession = bystander.api().openSession();
        bystander.api().run(bystanderSession, SINKS);
        String jobId = bystander
                .api()
                .run(bystanderSession, "INSERT INTO sink_a SELECT id FROM clicks")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        Analyst mallory = Analyst.of(GATEWAY, "q-cancel", "nb");

        // Each query's session closed the moment the query is taken, while its tasks are still being deployed.
        for (int i = 0; i < 5; i++) {
            String session = endpoint(GATEWAY).openSession(mallory.token());
            endpoint(GATEWAY).query(session, TICKS, WAIT);
            assertThat(endpoint(GATEWAY)
                            .execute(session, "SELECT id FROM ticks")
                            .status())
                    .isEqualTo(200);
            endpoint(GATEWAY).closeSession(session);
        }

        await("every query released", () -> used(GATEWAY, "q-cancel").equals(List.of(0, 0, 0)));
        // The TaskManager lived: the bystander's job never stopped running, and the cluster has all its slots.
        assertThat(bystander
                        .api()
                        .get("/api/v1/jobs/" + jobId)
                        .body()
                        .get("history")
                        .findValuesAsText("status"))
                .containsExactly("RUNNING");
        JsonNode overview = clusterGet(GATEWAY, "/overview");
        assertThat(overview.get("taskmanagers").asInt()).isEqualTo(1);
        assertThat(overview.get("slots-total").asInt()).isEqualTo(CLUSTER_SLOTS);
        GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "");
        bystander.api().delete("/api/v1/sessions/" + bystanderSession);
    }

    @Test
    void queriesDoNotOutliveTheGatewaySoTheirSlotsAreFreeAfterARestart() throws Exception {
        Analyst mallory = Analyst.of(GATEWAY, "q-restart", "nb");
        query(mallory.api(), mallory.api().openSession());
        assertThat(used(GATEWAY, "q-restart")).isEqualTo(List.of(0, 1, 1));

        GATEWAY.restart();

        assertThat(used(GATEWAY, "q-restart")).isEqualTo(List.of(0, 0, 0));
    }

    /** A client of the gateway's Flink-compatible endpoint (its port changes when the gateway restarts). */
    private static FlinkEndpointClient endpoint(SluiceServerExtension gateway) {
        return new FlinkEndpointClient(gateway.flinkEndpointAddress());
    }

    private static void quota(SluiceServerExtension gateway, String tenant, int maxJobs, int maxTaskSlots) {
        Response set = gateway.api()
                .put(
                        "/api/v1/tenants/" + tenant + "/quota",
                        "{\"maxJobs\": " + maxJobs + ", \"maxTaskSlots\": " + maxTaskSlots
                                + ", \"maxCpuCores\": 64, \"maxMemoryBytes\": 68719476736, \"maxStateBytes\": 1099511627776}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
    }

    /** The tenant's jobs, queries and task slots in use, as an admin reads them. */
    private static List<Integer> used(SluiceServerExtension gateway, String tenant) {
        JsonNode used =
                gateway.api().get("/api/v1/tenants/" + tenant + "/quota").body().get("used");
        return List.of(
                used.get("jobs").asInt(),
                used.get("queries").asInt(),
                used.get("taskSlots").asInt());
    }

    /** Starts an endless query in the session (with its table) and returns its statement id. */
    private static String query(ApiClient api, String session) {
        JsonNode statements =
                api.run(session, TICKS + ";\nSELECT id FROM ticks").get("statements");
        return statements.get(statements.size() - 1).get("id").asText();
    }

    /** Starts an endless query in a session of the Flink-compatible endpoint; a 200 carries its operation handle. */
    private static FlinkEndpointClient.Response streamingQueryOverEndpoint(String session) {
        FlinkEndpointClient endpoint = endpoint(GATEWAY);
        endpoint.query(session, TICKS, WAIT);
        return endpoint.execute(session, "SELECT id FROM ticks");
    }

    /** Jobs on the cluster that have not ended, whoever started them. */
    private static int clusterJobsRunning(SluiceServerExtension gateway) {
        int running = 0;
        for (JsonNode job : clusterGet(gateway, "/jobs/overview").get("jobs")) {
            if (!Set.of("FINISHED", "CANCELED", "FAILED")
                    .contains(job.get("state").asText())) {
                running++;
            }
        }
        return running;
    }

    /** What the cluster's own REST API answers, as the gateway (not a tenant) reaches it. */
    private static JsonNode clusterGet(SluiceServerExtension gateway, String path) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(gateway.clusterUrl() + path))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String script(String session, String sql) {
        return json(Map.of("sql", sql, "sessionId", session));
    }

    private static String json(Map<String, String> fields) {
        return MAPPER.valueToTree(fields).toString();
    }

    private static void await(String what, Supplier<Boolean> condition) {
        Awaitility.await(what)
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .until(condition::get);
    }
}
