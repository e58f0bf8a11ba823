package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validation caches what it found per statement; a hostile tenant sends the very text another tenant (or an admin)
 * just validated, hoping for their cached answer: a verdict about a table it cannot see, or a hint naming another
 * tenant's column. Each tenant gets its own catalog's answer, whoever validated the text first.
 */
class ValidationCacheAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    @Attack(kind = Attack.Kind.AUTHENTICATION, through = Attack.Listener.API)
    void theSameScriptValidatedByAnotherTenantGetsThatTenantsOwnAnswer() {
        Analyst acme = Analyst.of(GATEWAY, "cacheacme", "nb");
        Analyst beta = Analyst.of(GATEWAY, "cachebeta", "nb");
        acme.api().run(null, "CREATE TABLE ledger (id INT, secret_margin DOUBLE) WITH ('connector' = 'datagen')");
        beta.api().run(null, "CREATE TABLE ledger (id INT) WITH ('connector' = 'datagen')");
        String probe = "SELECT secret_margin FROM ledger";
        String typo = "SELECT secret_margn FROM ledger";
        String qualified = "SELECT secret_margin FROM sluice.cacheacme.ledger";
        // Validated twice each by those who may see the table, so the attacker's texts are in the cache.
        for (int i = 0; i < 2; i++) {
            assertThat(validate(acme.api(), probe).get("valid").asBoolean()).isTrue();
            assertThat(validate(acme.api(), typo)
                            .get("diagnostics")
                            .get(0)
                            .get("hint")
                            .asText())
                    .isEqualTo("Did you mean `secret_margin`?");
            assertThat(validate(GATEWAY.api(), qualified).get("valid").asBoolean())
                    .isTrue();
        }

        JsonNode onOwnTable = validate(beta.api(), probe);
        JsonNode hinted = validate(beta.api(), typo);
        JsonNode onAcmesTable = validate(beta.api(), qualified);

        assertThat(onOwnTable.get("valid").asBoolean()).isFalse();
        assertThat(onOwnTable.get("diagnostics").get(0).get("message").asText())
                .isEqualTo("Column 'secret_margin' not found in any table");
        assertThat(hinted.get("valid").asBoolean()).isFalse();
        assertThat(hinted.toString()).doesNotContain("secret_margin");
        assertThat(onAcmesTable.get("valid").asBoolean()).isFalse();
        assertThat(onAcmesTable.get("diagnostics").get(0).get("message").asText())
                .contains("'cacheacme' not found");
        // And the other way round: beta's cached answers do not become acme's.
        assertThat(validate(acme.api(), probe).get("valid").asBoolean()).isTrue();
    }

    private static JsonNode validate(ApiClient client, String sql) {
        Response response = client.post(
                "/api/v1/statements:validate", MAPPER.createObjectNode().put("sql", sql));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }
}
