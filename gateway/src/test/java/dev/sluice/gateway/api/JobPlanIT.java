package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/jobs/{id}/plan}: the graph of a real embedded Flink job, while it runs and after it stopped, and
 * the back pressure its running vertices report. Who may read a plan is {@code AuthorizationMatrixIT}'s.
 */
class JobPlanIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anAggregatingJobIsASourceTaskHashingIntoAnAggregateTaskAlsoAfterItStopped() throws InterruptedException {
        ApiClient api = GATEWAY.api();
        String session = api.openSession();
        api.run(
                session,
                "CREATE TABLE planned (user_id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100',"
                        + " 'fields.user_id.min' = '1', 'fields.user_id.max' = '9');"
                        + " CREATE TABLE planned_sink (user_id INT, n BIGINT) WITH ('connector' = 'blackhole')");
        String jobId = api.run(
                        session, "INSERT INTO planned_sink SELECT user_id, COUNT(*) FROM planned GROUP BY user_id")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();

        JsonNode plan = await(
                "/api/v1/jobs/" + jobId + "/plan", body -> body.get("edges").size() > 0);
        JsonNode vertices = plan.get("vertices");
        assertThat(vertices).hasSize(2);
        assertThat(vertices.get(0).get("name").asText()).contains("Source").contains("planned");
        assertThat(vertices.get(1).get("name").asText())
                .contains("GroupAggregate")
                .contains("planned_sink");
        assertThat(vertices.get(0).get("parallelism").asInt()).isPositive();
        JsonNode edge = plan.get("edges").get(0);
        assertThat(plan.get("edges")).hasSize(1);
        assertThat(edge.get("source").asText())
                .isEqualTo(vertices.get(0).get("id").asText());
        assertThat(edge.get("target").asText())
                .isEqualTo(vertices.get(1).get("id").asText());
        assertThat(edge.get("shipStrategy").asText()).isEqualTo("HASH");

        // Back pressure is measured per vertex, next to busy time (0 here: the sink never waits).
        JsonNode measured = await(
                        "/api/v1/jobs/" + jobId,
                        body -> body.has("measured")
                                && body.get("measured").get("vertices").get(0).has("backPressuredTimeMsPerSecond"))
                .get("measured");
        assertThat(measured.get("vertices")
                        .get(0)
                        .get("backPressuredTimeMsPerSecond")
                        .asDouble())
                .isBetween(0.0, 1000.0);

        assertThat(api.post("/api/v1/jobs/" + jobId + ":stop", "")
                        .body()
                        .get("status")
                        .asText())
                .isEqualTo("CANCELED");
        Response afterStop = api.get("/api/v1/jobs/" + jobId + "/plan");
        assertThat(afterStop.status()).as(afterStop.body().toString()).isEqualTo(200);
        assertThat(afterStop.body().get("vertices")).hasSize(2);
    }

    @Test
    void anUnknownJobHasNoPlan() {
        Response response = GATEWAY.api().get("/api/v1/jobs/no-such-job/plan");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    /** GETs {@code path} until its body satisfies {@code done}, for at most {@link #WAIT}. */
    private static JsonNode await(String path, Predicate<JsonNode> done) {
        return GATEWAY.api()
                .awaitGet(
                        path,
                        response -> response.status() == 200 && done.test(response.body()),
                        path + " to answer what the test waits for",
                        WAIT)
                .body();
    }
}
