package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Admins create tenants and their tokens; a token is shown once, works at once, and stops working when revoked. */
class TenantsApiIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static void assertError(Response response, int status, String code, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("hint").asText()).isNotBlank();
        }
    }

    @Test
    void createsAndListsTenants() {
        Response created = GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"acme\"}");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("name").asText()).isEqualTo("acme");
        assertThat(created.body().get("database").asText()).isEqualTo("acme");
        assertThat(GATEWAY.api().get("/api/v1/tenants").body().findValuesAsText("name"))
                .contains("acme", "default");
        assertError(GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"acme\"}"), 409, "CONFLICT", "name");
    }

    @Test
    void refusesBadTenantNames() {
        for (String body : new String[] {
            "{\"name\": \"Acme\"}",
            "{\"name\": \"a b\"}",
            "{\"name\": \"\"}",
            "{}",
            "{\"name\": \"default_database\"}",
            "{\"name\": \"x'; DROP TABLE tenant; --\"}",
            "{\"name\": \"" + "a".repeat(65) + "\"}",
        }) {
            assertError(GATEWAY.api().post("/api/v1/tenants", body), 400, "INVALID_REQUEST", "name");
        }
        assertError(
                GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"ok\", \"extra\": 1}"), 400, "UNKNOWN_FIELD", null);
    }

    @Test
    void aNewTokenIsShownOnceAndWorksInItsTenantWithItsRole() {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"beta\"}");
        Response created =
                GATEWAY.api().post("/api/v1/tenants/beta/tokens", "{\"name\": \"nb1\", \"role\": \"analyst\"}");

        assertThat(created.status()).isEqualTo(201);
        String token = created.body().get("token").asText();
        String id = created.body().get("id").asText();
        assertThat(token).startsWith("slc_");
        assertThat(created.body().get("role").asText()).isEqualTo("analyst");
        assertThat(created.body().get("tenant").asText()).isEqualTo("beta");

        JsonNode listed = GATEWAY.api().get("/api/v1/tenants/beta/tokens").body();
        assertThat(listed.findValuesAsText("id")).containsExactly(id);
        assertThat(listed.toString())
                .doesNotContain(token)
                .doesNotContain("\"token\"")
                .doesNotContain("hash");

        ApiClient analyst = GATEWAY.api().withToken(token);
        assertThat(analyst.get("/api/v1/jobs").status()).isEqualTo(200);
        assertError(analyst.get("/api/v1/tenants"), 403, "FORBIDDEN", null);
    }

    @Test
    void refusesBadTokenRequests() {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"gamma\"}");
        assertError(
                GATEWAY.api().post("/api/v1/tenants/gamma/tokens", "{\"name\": \"nb1\", \"role\": \"root\"}"),
                400,
                "INVALID_REQUEST",
                "role");
        assertError(
                GATEWAY.api().post("/api/v1/tenants/gamma/tokens", "{\"name\": \"nb1\"}"),
                400,
                "INVALID_REQUEST",
                "role");
        assertError(
                GATEWAY.api().post("/api/v1/tenants/gamma/tokens", "{\"name\": \"-x\", \"role\": \"admin\"}"),
                400,
                "INVALID_REQUEST",
                "name");
        assertError(
                GATEWAY.api().post("/api/v1/tenants/gamma/tokens", "{\"role\": \"admin\"}"),
                400,
                "INVALID_REQUEST",
                "name");
        assertError(
                GATEWAY.api().post("/api/v1/tenants/nobody/tokens", "{\"name\": \"nb1\", \"role\": \"admin\"}"),
                404,
                "NOT_FOUND",
                "tenant");
        assertError(GATEWAY.api().get("/api/v1/tenants/nobody/tokens"), 404, "NOT_FOUND", "tenant");
        assertError(GATEWAY.api().post("/api/v1/tenants/gamma/tokens", "not json"), 400, "MALFORMED_JSON", null);
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        JsonNode created = GATEWAY.api()
                .post("/api/v1/tenants/default/tokens", "{\"name\": \"doomed\", \"role\": \"analyst\"}")
                .body();
        ApiClient doomed = GATEWAY.api().withToken(created.get("token").asText());
        assertThat(doomed.get("/api/v1/jobs").status()).isEqualTo(200);

        Response revoked =
                GATEWAY.api().delete("/api/v1/tokens/" + created.get("id").asText());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("revokedAt").isNull()).isFalse();
        assertError(doomed.get("/api/v1/jobs"), 401, "UNAUTHENTICATED", null);
        assertError(GATEWAY.api().delete("/api/v1/tokens/no-such-token"), 404, "NOT_FOUND", "tokenId");
    }

    @Test
    void aTokenCannotRevokeItself() {
        JsonNode created = GATEWAY.api()
                .post("/api/v1/tenants/default/tokens", "{\"name\": \"self\", \"role\": \"admin\"}")
                .body();
        ApiClient admin = GATEWAY.api().withToken(created.get("token").asText());

        assertError(admin.delete("/api/v1/tokens/" + created.get("id").asText()), 409, "CONFLICT", "tokenId");
        assertThat(admin.get("/api/v1/tenants").status()).isEqualTo(200);
    }
}
