package dev.sluice.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.LogFile;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every change, through either listener, leaves an audit row saying who, in which tenant, what, on what and how it
 * ended; admins read them with filters. No token, nor its hash, ever reaches the audit log or a log line.
 */
class AuditLogIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TOKENS = new ArrayList<>();
    private static String analystId;
    private static ApiClient analyst;
    private static Instant start;

    @BeforeAll
    static void changes() {
        start = Instant.now();
        TOKENS.add(GATEWAY.adminToken());
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"acme\"}");
        JsonNode created = GATEWAY.api()
                .post("/api/v1/tenants/acme/tokens", "{\"name\": \"nb1\", \"role\": \"analyst\"}")
                .body();
        analystId = created.get("id").asText();
        TOKENS.add(created.get("token").asText());
        analyst = GATEWAY.api().withToken(created.get("token").asText());

        analyst.run(null, "CREATE TABLE t (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1')");
        analyst.post("/api/v1/statements", "{\"sql\": \"SELECT nope FROM t\"}");
        JsonNode revoked = GATEWAY.api()
                .post("/api/v1/tenants/acme/tokens", "{\"name\": \"gone\", \"role\": \"admin\"}")
                .body();
        TOKENS.add(revoked.get("token").asText());
        GATEWAY.api().delete("/api/v1/tokens/" + revoked.get("id").asText());
        analyst.get("/api/v1/tenants");
    }

    private static JsonNode audit(String query) {
        Response response = GATEWAY.api().get("/api/v1/audit" + query);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body().get("entries");
    }

    private static JsonNode only(String query) {
        JsonNode entries = audit(query);
        assertThat(entries).as(entries.toString()).hasSize(1);
        return entries.get(0);
    }

    @Test
    void recordsWhoDidWhatInWhichTenantAndHowItEnded() {
        JsonNode tokenCreated = audit("?action=token.create&actor=admin").get(1);
        assertThat(tokenCreated.get("tenant").asText()).isEqualTo("default");
        assertThat(tokenCreated.get("actorName").asText()).isEqualTo("admin");
        assertThat(tokenCreated.get("target").asText()).isEqualTo("token " + analystId + " of tenant acme");
        assertThat(tokenCreated.get("result").asText()).isEqualTo("ok");
        assertThat(tokenCreated.has("approvalId"))
                .as("no approval: the key is left out, as every absent value is")
                .isFalse();
        assertThat(Instant.parse(tokenCreated.get("time").asText())).isAfterOrEqualTo(start.minusSeconds(1));

        JsonNode statements = audit("?tenant=acme&action=statement.submit");
        assertThat(statements.findValuesAsText("result")).containsExactly("SQL_VALIDATION", "ok");
        assertThat(statements.findValuesAsText("actorId")).containsOnly(analystId);

        assertThat(only("?action=token.revoke").get("result").asText()).isEqualTo("ok");
        // A refusal is a change attempted: recorded, with its code. A read (GET) is not recorded.
        assertThat(audit("?actor=nb1&action=tenant.create")).isEmpty();
        assertThat(audit("?actor=" + analystId).findValuesAsText("action")).doesNotContain("GET /api/v1/tenants");
        assertThat(analyst.post("/api/v1/tenants", "{\"name\": \"sneaky\"}").status())
                .isEqualTo(403);
        assertThat(only("?actor=nb1&action=tenant.create").get("result").asText())
                .isEqualTo("FORBIDDEN");
    }

    @Test
    void recordsStatementsFromTheFlinkEndpointAsTheTokensOwner() throws Exception {
        JsonNode token = GATEWAY.api()
                .post("/api/v1/tenants/acme/tokens", "{\"name\": \"jdbc\", \"role\": \"analyst\"}")
                .body();
        TOKENS.add(token.get("token").asText());
        ApiClient flink = new ApiClient("http://" + GATEWAY.flinkEndpointAddress(), null);
        Response session = flink.post(
                "/v2/sessions",
                MAPPER.createObjectNode()
                        .set(
                                "properties",
                                MAPPER.createObjectNode()
                                        .put("sluice.token", token.get("token").asText())));
        assertThat(session.status()).as(session.body().toString()).isEqualTo(200);
        String handle = session.body().get("sessionHandle").asText();

        Response statement = flink.post("/v2/sessions/" + handle + "/statements", "{\"statement\": \"SHOW TABLES\"}");
        assertThat(statement.status()).as(statement.body().toString()).isEqualTo(200);

        JsonNode row = await("an audit row for the Flink endpoint's statement")
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO)
                .until(() -> audit("?actor=jdbc&action=statement.submit"), rows -> !rows.isEmpty())
                .get(0);
        assertThat(row.get("tenant").asText()).isEqualTo("acme");
        assertThat(row.get("target").asText())
                .isEqualTo(statement.body().get("operationHandle").asText());
        assertThat(row.get("result").asText()).isEqualTo("ok");
    }

    @Test
    void filtersByTimeAndLimit() {
        assertThat(audit("?until=" + start.minusSeconds(60))).isEmpty();
        assertThat(audit("?since=" + start.minusSeconds(1)).size()).isGreaterThanOrEqualTo(5);
        assertThat(audit("?limit=2")).hasSize(2);
    }

    @Test
    void refusesBadFilters() {
        for (String[] bad : new String[][] {
            {"?limit=0", "limit"},
            {"?limit=1001", "limit"},
            {"?limit=x", "limit"},
            {"?since=yesterday", "since"},
            {"?until=2026-13-01T00:00:00Z", "until"}
        }) {
            Response response = GATEWAY.api().get("/api/v1/audit" + bad[0]);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body().get("error").get("field").asText()).isEqualTo(bad[1]);
            assertThat(response.body().get("error").get("hint").asText()).isNotBlank();
        }
    }

    @Test
    void noTokenNorItsHashIsEverInTheAuditOrTheLog() throws Exception {
        // Another call with each token, wrong ones included, so the log has had every chance to show them.
        GATEWAY.api().withToken("slc_not-a-real-token").get("/api/v1/jobs");
        TOKENS.add("slc_not-a-real-token");
        String auditText = audit("?limit=1000").toString();
        String log = LogFile.read();

        assertThat(log).contains("Created token " + analystId);
        for (String token : TOKENS) {
            String hash = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            assertThat(auditText).doesNotContain(token).doesNotContain(hash);
            assertThat(log).doesNotContain(token).doesNotContain(hash);
        }
    }
}
