package dev.sluice.gateway.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A job that fails on one record restarts a bounded number of times (the gateway's default, or its session's within
 * policy), then ends FAILED with the record's error as its status message; a session cannot make restarts unbounded.
 */
class PoisonRecordIT {

    /** Restarts the gateway gives a failing job here: few and quick, so the test ends soon. */
    private static final int ATTEMPTS = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration FAILS_WITHIN = Duration.ofSeconds(90);

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(options -> {
        options.set(SluiceOptions.JOB_RESTART_ATTEMPTS, ATTEMPTS);
        options.set(SluiceOptions.JOB_RESTART_INITIAL_DELAY, Duration.ofMillis(200));
        options.set(SluiceOptions.JOB_RESTART_MAX_DELAY, Duration.ofMillis(400));
    });

    /** Rows 1 to 100; row 50 carries text that is no number, so casting it to INT throws, every time it is read. */
    private static final String POISONED = "CREATE TEMPORARY TABLE numbers (n BIGINT) WITH ('connector' = 'datagen',"
            + " 'number-of-rows' = '100', 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100');"
            + "CREATE TEMPORARY TABLE nowhere (n INT) WITH ('connector' = 'blackhole')";

    private static final String INSERT = "INSERT INTO nowhere"
            + " SELECT CAST(CASE WHEN n = 50 THEN 'poison-50' ELSE CAST(n AS STRING) END AS INT) FROM numbers";

    @Test
    void aJobFailingOnAPoisonRecordEndsFailedWithItsRootCauseAfterTheDefaultRestarts() {
        JsonNode failed = runToFailure(GATEWAY.api().openSession());

        String message = failed.get("statusMessage").asText();
        assertThat(message).contains("poison-50").doesNotContain("\n", "\tat ", "Recovery is suppressed");
        assertFailedTimes(failed, ATTEMPTS + 1);
    }

    @Test
    void aSessionMayChooseOtherBoundedRestarts() {
        String session = GATEWAY.api().openSession();
        GATEWAY.api()
                .run(
                        session,
                        "SET 'restart-strategy.type' = 'fixed-delay';"
                                + "SET 'restart-strategy.fixed-delay.attempts' = '1';"
                                + "SET 'restart-strategy.fixed-delay.delay' = '1 s'");

        JsonNode failed = runToFailure(session);

        assertThat(failed.get("statusMessage").asText()).contains("poison-50");
        assertFailedTimes(failed, 2);
    }

    @Test
    void aSessionCannotMakeRestartsUnbounded() {
        String session = GATEWAY.api().openSession();

        assertRefused(
                statement(session, "SET 'restart-strategy.fixed-delay.attempts' = '2147483647'"),
                "sluice.policy.max-restart-attempts");
        assertRefused(
                statement(session, "SET 'restart-strategy.exponential-delay.reset-backoff-threshold' = '1 s'"),
                "at least 1 h");
        assertRefused(
                statement(session, "SET 'restart-strategy.type' = 'failure-rate'"),
                "sluice.policy.allow-unbounded-restarts");
        assertRefused(
                GATEWAY.api()
                        .post(
                                "/api/v1/sessions",
                                "{\"properties\": {\"restart-strategy.exponential-delay.attempts-before-reset-backoff\":"
                                        + " \"100000\"}}"),
                "sluice.policy.max-restart-attempts");
    }

    private static JsonNode runToFailure(String session) {
        GATEWAY.api().run(session, POISONED);
        String jobId = GATEWAY.api()
                .run(session, INSERT)
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
        return GATEWAY.api().awaitJobStatus(jobId, "FAILED", FAILS_WITHIN);
    }

    /**
     * The first run and each restart failed, by the cluster's own exception history: waited for, since the cluster's
     * REST endpoint answers from a copy of the job's state that may be a few seconds old.
     */
    private static void assertFailedTimes(JsonNode job, int times) {
        ApiClient cluster = new ApiClient(GATEWAY.clusterUrl(), null);
        String exceptions = "/jobs/" + job.get("flinkJobId").asText() + "/exceptions";
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(cluster.get(exceptions)
                                .body()
                                .get("exceptionHistory")
                                .get("entries")
                                .size())
                        .isEqualTo(times));
    }

    private static Response statement(String session, String sql) {
        return GATEWAY.api()
                .post(
                        "/api/v1/statements",
                        JSON.createObjectNode().put("sessionId", session).put("sql", sql));
    }

    private static void assertRefused(Response response, String reason) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(403);
        JsonNode error = response.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("POLICY_PROTECTED_SETTING");
        assertThat(error.get("message").asText()).contains(reason);
    }
}
