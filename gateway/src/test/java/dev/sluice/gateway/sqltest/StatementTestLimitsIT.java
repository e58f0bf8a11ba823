package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.sluice.gateway.sqltest.StatementTestsIT.test;
import static org.assertj.core.api.Assertions.assertThat;

/** A statement test's bounds: its rows in and out, and its place among the tenant's queries while it runs. */
class StatementTestLimitsIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.STATEMENT_TESTS_MAX_ROWS, 3);
        options.set(SluiceOptions.LIMITS_MAX_QUERIES_PER_TENANT, 1);
    });

    private static final String CLICKS = "CREATE TABLE clicks (user_id STRING) WITH ('connector' = 'datagen');\n";

    @Test
    void moreInputRowsThanTheLimitAreRefused() {
        Response response =
                GATEWAY.api().post("/api/v1/statements:test", test(CLICKS + "SELECT user_id FROM clicks", """
                {"clicks": [{"user_id": "a"}, {"user_id": "b"}, {"user_id": "c"}, {"user_id": "d"}]}
                """, "[]"));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(400);
        assertThat(response.body().get("error").get("field").asText()).isEqualTo("inputs");
        assertThat(response.body().get("error").get("message").asText())
                .isEqualTo("The test gives 4 input rows; a test may give at most 3.");
    }

    @Test
    void moreResultRowsThanTheLimitFailTheTest() {
        JsonNode outcome = GATEWAY.api()
                .post(
                        "/api/v1/statements:test",
                        test(CLICKS + "SELECT c.user_id FROM clicks c, (VALUES (1), (2)) AS t(n)", """
                {"clicks": [{"user_id": "a"}, {"user_id": "b"}]}
                """, "[]"))
                .body();

        assertThat(outcome.get("passed").asBoolean()).isFalse();
        assertThat(outcome.get("actual")).hasSize(3);
        // Beside the lint's warning about the cross join.
        assertThat(outcome.get("diagnostics").findValuesAsText("code")).contains("TOO_MANY_ROWS");
    }

    /** With the tenant's one query running, a test is refused as a second query would be; once it ends, the test runs. */
    @Test
    void aTestCountsAsOneOfTheTenantsQueries() {
        String running = GATEWAY.api()
                .run(
                        null,
                        "CREATE TEMPORARY TABLE endless (n INT) WITH ('connector' = 'datagen',"
                                + " 'rows-per-second' = '1');\nSELECT n FROM endless")
                .get("statements")
                .get(1)
                .get("id")
                .asText();
        String passing = CLICKS + "SELECT user_id FROM clicks";

        Response refused = GATEWAY.api()
                .post(
                        "/api/v1/statements:test",
                        test(passing, "{\"clicks\": [{\"user_id\": \"a\"}]}", "[{\"user_id\": \"a\"}]"));
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(429);
        assertThat(refused.body().get("error").get("code").asText()).isEqualTo("TENANT_LIMIT_REACHED");

        assertThat(GATEWAY.api().delete("/api/v1/statements/" + running).status())
                .isEqualTo(204);
        JsonNode passed = GATEWAY.api()
                .post(
                        "/api/v1/statements:test",
                        test(passing, "{\"clicks\": [{\"user_id\": \"a\"}]}", "[{\"user_id\": \"a\"}]"))
                .body();
        assertThat(passed.get("passed").asBoolean()).as(passed.toString()).isTrue();
    }
}
