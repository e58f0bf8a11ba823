package dev.sluice.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An analyst works in their tenant's database and sees their tenant's jobs only; another tenant's tables are as
 * missing to them as tables that do not exist, through SQL and through validation alike. Admins see everything.
 */
class TenantIsolationIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static ApiClient acme;
    private static ApiClient beta;
    private static String acmeTokenId;

    @BeforeAll
    static void twoTenants() {
        acme = analyst("acme");
        beta = analyst("beta");
        acme.run(null, """
                CREATE TABLE orders (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                CREATE TABLE sink (id INT) WITH ('connector' = 'blackhole');
                """);
    }

    private static ApiClient analyst(String tenant) {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}");
        JsonNode created = GATEWAY.api()
                .post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}")
                .body();
        if (tenant.equals("acme")) {
            acmeTokenId = created.get("id").asText();
        }
        return GATEWAY.api().withToken(created.get("token").asText());
    }

    private static List<String> rows(ApiClient client, String sql) {
        String id = client.run(null, sql).get("statements").get(0).get("id").asText();
        return client.readAll(id, Duration.ofSeconds(60)).stream()
                .map(JsonNode::toString)
                .toList();
    }

    private static JsonNode error(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        return response.body().get("error");
    }

    private static Response script(ApiClient client, String sql) {
        return client.post(
                "/api/v1/statements", new ObjectMapper().createObjectNode().put("sql", sql));
    }

    @Test
    void anAnalystStartsInTheirTenantsDatabaseAndSeesNoOther() {
        assertThat(rows(acme, "SHOW CURRENT DATABASE"))
                .singleElement()
                .asString()
                .contains("acme");
        assertThat(rows(acme, "SHOW DATABASES")).singleElement().asString().contains("acme");
        assertThat(rows(beta, "SHOW TABLES")).isEmpty();
        assertThat(rows(acme, "SHOW TABLES")).hasSize(2);
    }

    @Test
    void anotherTenantsTableCannotBeReadOrWritten() {
        JsonNode read = error(script(beta, "SELECT id\nFROM   sluice.acme.orders"));
        assertThat(read.get("code").asText()).isEqualTo("SQL_VALIDATION");
        // As for a database that does not exist: the message names what is missing, and nothing about acme's tables.
        assertThat(read.get("message").asText()).isEqualTo("Object 'acme' not found within 'sluice'");
        assertThat(read.get("line").asInt()).isEqualTo(2);
        assertThat(read.get("column").asInt()).isEqualTo(8);

        assertThat(error(script(beta, "INSERT INTO sluice.acme.sink VALUES (1)"))
                        .get("message")
                        .asText())
                .contains("acme");
        assertThat(error(script(beta, "CREATE TABLE sluice.acme.planted (id INT) WITH ('connector' = 'blackhole')"))
                        .get("message")
                        .asText())
                .contains("acme");
        assertThat(error(script(beta, "DROP TABLE sluice.acme.orders"))
                        .get("message")
                        .asText())
                .contains("orders");
        assertThat(error(script(beta, "USE acme")).get("message").asText()).contains("acme");
        assertThat(error(script(beta, "CREATE DATABASE elsewhere"))
                        .get("message")
                        .asText())
                .contains("database");

        // Still there, untouched, for its own tenant and for admins.
        assertThat(rows(acme, "SELECT id FROM orders")).hasSize(3);
        assertThat(rows(GATEWAY.api(), "SELECT id FROM sluice.acme.orders")).hasSize(3);
        assertThat(rows(GATEWAY.api(), "SHOW DATABASES").toString()).contains("acme", "beta", "default_database");
    }

    @Test
    void validationSeesWhatRunningSees() {
        JsonNode report = beta.post("/api/v1/statements:validate", "{\"sql\": \"SELECT * FROM sluice.acme.orders\"}")
                .body();

        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.get("diagnostics").get(0).get("message").asText()).contains("'acme' not found");
        assertThat(acme.post("/api/v1/statements:validate", "{\"sql\": \"SELECT * FROM orders\"}")
                        .body()
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void jobsAreTheirTenantsAndTheirOwnersAndHiddenFromOtherTenants() {
        JsonNode job = acme.run(null, "INSERT INTO sink SELECT * FROM orders")
                .get("statements")
                .get(0)
                .get("job");
        String id = job.get("id").asText();
        assertThat(job.get("tenant").asText()).isEqualTo("acme");
        assertThat(job.get("owner").asText()).isEqualTo(acmeTokenId);

        assertThat(acme.get("/api/v1/jobs").body().findValuesAsText("id")).contains(id);
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().findValuesAsText("id"))
                .contains(id);
        assertThat(beta.get("/api/v1/jobs").body().findValuesAsText("id")).doesNotContain(id);
        assertThat(beta.get("/api/v1/jobs/" + id).status()).isEqualTo(404);
        assertThat(beta.post("/api/v1/jobs/" + id + ":stop", "").status()).isEqualTo(404);
        assertThat(acme.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
    }

    @Test
    void anAnalystReadsTheirOwnPolicyOnly() {
        assertThat(acme.get("/api/v1/tenants/acme/policy").status()).isEqualTo(200);
        assertThat(acme.get("/api/v1/tenants/beta/policy").status()).isEqualTo(404);
        assertThat(acme.put("/api/v1/tenants/acme/policy", "{}").status()).isEqualTo(403);
    }
}
