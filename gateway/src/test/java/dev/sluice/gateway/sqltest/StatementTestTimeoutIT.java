package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.gateway.testing.UdfJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A statement test that cannot finish within {@code sluice.statement-tests.timeout} fails with
 * {@code STATEMENT_TEST_TIMEOUT}, and its job is gone from the cluster afterwards: cancelled, not left running.
 */
class StatementTestTimeoutIT {

    /** Long enough for the script's validation on a busy machine; the job it starts never ends by itself. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.STATEMENT_TESTS_TIMEOUT, TIMEOUT));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A function that takes ten minutes a row: no test of it ends in time. */
    private static void stallingFunction() {
        ObjectNode function = MAPPER.createObjectNode()
                .put("name", "stall")
                .put("language", "JAVA")
                .put("className", "slow.Stall")
                .put(
                        "jar",
                        Base64.getEncoder()
                                .encodeToString(UdfJars.jar(
                                        "slow.Stall",
                                        "package slow; public class Stall extends"
                                                + " org.apache.flink.table.functions.ScalarFunction {"
                                                + " public String eval(String s) throws InterruptedException {"
                                                + " Thread.sleep(600_000); return s; } }")));
        Response created = GATEWAY.api().post("/api/v1/functions", function.toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    private static ObjectNode test(String select) {
        return StatementTestsIT.test(
                "CREATE TABLE clicks (user_id STRING) WITH ('connector' = 'datagen');\n" + select,
                "{\"clicks\": [{\"user_id\": \"u1\"}]}",
                "[{\"user_id\": \"u1\"}]");
    }

    @Test
    void aTestThatCannotFinishInTimeFailsAndItsJobIsCancelled() throws Exception {
        stallingFunction();
        // Warm: the first validation in a fresh gateway loads the planner; this test is about the job's time.
        Response warm = GATEWAY.api().post("/api/v1/statements:test", test("SELECT user_id FROM clicks"));
        assertThat(warm.body().get("passed").asBoolean())
                .as(warm.body().toString())
                .isTrue();

        Response response =
                GATEWAY.api().post("/api/v1/statements:test", test("SELECT stall(user_id) AS user_id FROM clicks"));

        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        JsonNode outcome = response.body();
        assertThat(outcome.get("passed").asBoolean()).isFalse();
        assertThat(outcome.get("actual")).isEmpty();
        JsonNode timedOut =
                outcome.get("diagnostics").get(outcome.get("diagnostics").size() - 1);
        assertThat(timedOut.get("code").asText()).isEqualTo("STATEMENT_TEST_TIMEOUT");
        assertThat(timedOut.get("severity").asText()).isEqualTo("error");
        assertThat(timedOut.get("message").asText())
                .isEqualTo("The statement test took longer than " + TIMEOUT.toMillis() + " ms, and was stopped.");
        assertThat(timedOut.get("hint").asText()).contains("sluice.statement-tests.timeout");

        // The stalled test's job ran and is cancelled (the warm-up's finished): nothing of it keeps a slot.
        await("the statement test's job cancelled")
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(StatementTestsIT.clusterJobs(GATEWAY))
                        .filteredOn(job -> job.get("name").asText().startsWith("statement test "))
                        .extracting(job -> job.get("state").asText())
                        .containsExactlyInAnyOrder("FINISHED", "CANCELED"));
        assertThat(GATEWAY.api().get("/api/v1/jobs").body().toString()).doesNotContain("statement test");
    }
}
