package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotas and the approval workflow over real HTTP, against a real gateway, MiniCluster and store: a job over quota
 * is held, survives a restart, is refused to its own requester, approved by another admin and then runs as
 * submitted; rejections need a reason; queries over quota are refused, not held.
 */
class ApprovalsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = SluiceServerExtension.onPostgres();

    private static final String TABLES =
            "CREATE TABLE clicks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');"
                    + "CREATE TABLE %s (id BIGINT) WITH ('connector' = 'blackhole')";
    private static final String ONE_JOB_QUOTA =
            "{\"maxJobs\": 1, \"maxTaskSlots\": 8, \"maxCpuCores\": 8, \"maxMemoryBytes\": 68719476736,"
                    + " \"maxStateBytes\": 1099511627776}";

    @Test
    void aJobOverQuotaWaitsForAnotherAdminAndThenRunsAsSubmitted() throws Exception {
        String requesterToken = analystToken("acme", "nb1");
        ApiClient requester = GATEWAY.api().withToken(requesterToken);
        String otherAdminToken = createToken("default", "ops", "admin");
        assertThat(GATEWAY.api()
                        .put("/api/v1/tenants/acme/quota", ONE_JOB_QUOTA)
                        .status())
                .isEqualTo(200);
        String session = requester.openSession();
        requester.run(session, String.format(TABLES, "sink_a"));
        JsonNode first = requester
                .run(session, "INSERT INTO sink_a SELECT id FROM clicks")
                .get("statements")
                .get(0);
        assertThat(first.get("job").get("status").asText()).isEqualTo("RUNNING");

        String held = "INSERT INTO sink_a\nSELECT id * 2 FROM clicks";
        Response answer = requester.post("/api/v1/statements", json("sql", held, "sessionId", session));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body().get("status").asText()).isEqualTo("PENDING_APPROVAL");
        assertThat(answer.body().get("exceeded").toString()).contains("jobs: 1 in use + 1 asked > 1 allowed");
        String approvalId = answer.body().get("approvalId").asText();
        JsonNode pending = requester.get("/api/v1/approvals/" + approvalId).body();
        assertThat(pending.get("status").asText()).isEqualTo("PENDING");
        assertThat(pending.get("sql").asText()).isEqualTo(held);
        assertThat(pending.get("requestedBy").asText()).isEqualTo("nb1");
        assertThat(pending.get("tenant").asText()).isEqualTo("acme");
        assertThat(GATEWAY.api()
                        .get("/api/v1/tenants/acme/quota")
                        .body()
                        .get("used")
                        .get("jobs")
                        .asInt())
                .isEqualTo(1);
        // Nothing started: the tenant still has one job.
        assertThat(requester.get("/api/v1/jobs").body().get("jobs").size()).isEqualTo(1);

        // The request outlives the gateway; the first job's cluster does not, which frees the quota anyway.
        GATEWAY.restart();
        ApiClient otherAdmin = GATEWAY.api().withToken(otherAdminToken);
        requester = GATEWAY.api().withToken(requesterToken);
        assertThat(GATEWAY.api()
                        .get("/api/v1/approvals?status=pending")
                        .body()
                        .get("approvals")
                        .findValuesAsText("id"))
                .contains(approvalId);

        Response approved =
                otherAdmin.post("/api/v1/approvals/" + approvalId + ":approve", "{\"comment\": \"launch week\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.body().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.body().get("decidedBy").asText()).isEqualTo("ops");
        String jobId = approved.body().get("jobId").asText();
        JsonNode job = requester.get("/api/v1/jobs/" + jobId).body();
        assertThat(job.get("sql").asText()).isEqualTo(held);
        assertThat(job.get("status").asText()).isEqualTo("RUNNING");

        Response again =
                otherAdmin.post("/api/v1/approvals/" + approvalId + ":reject", "{\"comment\": \"changed my mind\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(GATEWAY.api().post("/api/v1/jobs/" + jobId + ":stop", "").status())
                .isEqualTo(200);
    }

    @Test
    void anAdminCannotDecideOnTheirOwnRequestAndARejectionNeedsAReason() {
        ApiClient admin = GATEWAY.api();
        admin.put(
                "/api/v1/tenants/default/quota",
                "{\"maxJobs\": 0, \"maxTaskSlots\": 8, \"maxCpuCores\": 8, \"maxMemoryBytes\": 1, \"maxStateBytes\": 1}");
        try {
            String session = admin.openSession();
            admin.run(session, String.format(TABLES, "sink_b"));
            Response held = admin.post(
                    "/api/v1/statements",
                    json("sql", "INSERT INTO sink_b SELECT id FROM clicks", "sessionId", session));
            assertThat(held.status()).isEqualTo(202);
            String approvalId = held.body().get("approvalId").asText();

            Response self = admin.post("/api/v1/approvals/" + approvalId + ":approve", "");
            assertThat(self.status()).isEqualTo(403);
            assertThat(self.body().get("error").get("message").asText())
                    .contains("cannot decide on a request they made");

            ApiClient otherAdmin = admin.withToken(createToken("default", "ops2", "admin"));
            Response noReason = otherAdmin.post("/api/v1/approvals/" + approvalId + ":reject", "{}");
            assertThat(noReason.status()).isEqualTo(400);
            assertThat(noReason.body().get("error").get("field").asText()).isEqualTo("comment");

            Response rejected = otherAdmin.post(
                    "/api/v1/approvals/" + approvalId + ":reject", "{\"comment\": \"use a smaller window\"}");
            assertThat(rejected.status()).isEqualTo(200);
            assertThat(rejected.body().get("status").asText()).isEqualTo("REJECTED");
            assertThat(rejected.body().get("comment").asText()).isEqualTo("use a smaller window");
            assertThat(rejected.body().has("jobId")).isFalse();
        } finally {
            admin.put("/api/v1/tenants/default/quota", ONE_JOB_QUOTA.replace("\"maxJobs\": 1", "\"maxJobs\": 20"));
        }
    }

    @Test
    void aQueryOverQuotaIsRefusedNotHeld() {
        ApiClient analyst = analyst("initech", "pm");
        GATEWAY.api()
                .put(
                        "/api/v1/tenants/initech/quota",
                        "{\"maxJobs\": 5, \"maxTaskSlots\": 0, \"maxCpuCores\": 8, \"maxMemoryBytes\": 68719476736, \"maxStateBytes\": 1099511627776}");

        Response refused = analyst.post("/api/v1/statements", json("sql", "SELECT 1"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(refused.body().get("error").get("message").asText())
                .contains("taskSlots: 0 in use + 1 asked > 0 allowed");
        assertThat(analyst.get("/api/v1/approvals").body().get("approvals").size())
                .isZero();
    }

    @Test
    void analystsSeeOnlyTheirTenantsRequestsAndCannotDecide() {
        ApiClient acme = analyst("umbrella", "a1");
        ApiClient other = analyst("hooli", "h1");
        GATEWAY.api().put("/api/v1/tenants/umbrella/quota", ONE_JOB_QUOTA.replace("\"maxJobs\": 1", "\"maxJobs\": 0"));
        String session = acme.openSession();
        acme.run(session, String.format(TABLES, "sink_c"));
        String approvalId = acme.post(
                        "/api/v1/statements",
                        json("sql", "INSERT INTO sink_c SELECT id FROM clicks", "sessionId", session))
                .body()
                .get("approvalId")
                .asText();

        assertThat(other.get("/api/v1/approvals/" + approvalId).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/approvals").body().get("approvals").findValuesAsText("id"))
                .doesNotContain(approvalId);
        assertThat(acme.get("/api/v1/approvals").body().get("approvals").findValuesAsText("id"))
                .containsExactly(approvalId);
        assertThat(acme.post("/api/v1/approvals/" + approvalId + ":approve", "").status())
                .isEqualTo(403);
        assertThat(acme.put("/api/v1/tenants/umbrella/quota", ONE_JOB_QUOTA).status())
                .isEqualTo(403);
    }

    @Test
    void badQuotasAreRefusedWithTheField() {
        Response negative = GATEWAY.api()
                .put("/api/v1/tenants/default/quota", ONE_JOB_QUOTA.replace("\"maxJobs\": 1", "\"maxJobs\": -1"));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.body().get("error").get("field").asText()).isEqualTo("maxJobs");

        Response missing = GATEWAY.api().put("/api/v1/tenants/default/quota", "{\"maxJobs\": 1}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("error").get("field").asText()).isEqualTo("maxTaskSlots");

        Response wrongType =
                GATEWAY.api().put("/api/v1/tenants/default/quota", ONE_JOB_QUOTA.replace("8,", "\"eight\","));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().get("error").get("field").asText()).isEqualTo("maxTaskSlots");

        Response noSuchTenant = GATEWAY.api().put("/api/v1/tenants/nobody/quota", ONE_JOB_QUOTA);
        assertThat(noSuchTenant.status()).isEqualTo(404);
        assertThat(noSuchTenant.body().get("error").get("field").asText()).isEqualTo("tenant");

        assertThat(GATEWAY.api()
                        .post("/api/v1/approvals/apr-missing:approve", "")
                        .status())
                .isEqualTo(404);
        assertThat(GATEWAY.api()
                        .get("/api/v1/approvals?status=maybe")
                        .body()
                        .get("error")
                        .get("field")
                        .asText())
                .isEqualTo("status");
    }

    private static ApiClient analyst(String tenant, String name) {
        return GATEWAY.api().withToken(analystToken(tenant, name));
    }

    private static String analystToken(String tenant, String name) {
        Response created = GATEWAY.api().post("/api/v1/tenants", json("name", tenant));
        assertThat(created.status()).isIn(201, 409);
        return createToken(tenant, name, "analyst");
    }

    private static String createToken(String tenant, String name, String role) {
        Response token = GATEWAY.api().post("/api/v1/tenants/" + tenant + "/tokens", json("name", name, "role", role));
        assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
        return token.body().get("token").asText();
    }

    private static String json(String... keysAndValues) {
        com.fasterxml.jackson.databind.node.ObjectNode node =
                new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node.toString();
    }
}
