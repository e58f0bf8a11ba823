package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A job's measured "records/s read" is what its source operator emits, so it compares with the estimate's source
 * rate: not the source task's output, which comes after the window aggregation Flink chains to the source.
 */
class JobMeasuredRatesIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    private static final double RATE = 50;
    /** Flink's rates are averaged over the last minute, so they reach the true rate a minute after the job starts. */
    private static final Duration WAIT = Duration.ofSeconds(150);

    @Test
    void aWindowedJobReadsAtItsSourcesRateWhileItsSourceTaskEmitsOnlyWindowResults() {
        ApiClient api = GATEWAY.api();
        String session = api.openSession();
        api.run(
                session,
                "CREATE TABLE metered (user_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ("
                        + " 'connector' = 'datagen', 'rows-per-second' = '" + (int) RATE + "',"
                        + " 'fields.user_id.min' = '1', 'fields.user_id.max' = '5');"
                        + " CREATE TABLE metered_sink (window_start TIMESTAMP(3), user_id INT, n BIGINT)"
                        + " WITH ('connector' = 'blackhole')");
        String jobId = api.run(
                        session,
                        "INSERT INTO metered_sink SELECT window_start, user_id, COUNT(*) FROM TABLE(TUMBLE(TABLE"
                                + " metered, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start,"
                                + " window_end, user_id")
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();

        JsonNode job = api.awaitGet(
                        "/api/v1/jobs/" + jobId,
                        response -> response.status() == 200
                                && response.body().path("measured").has("recordsReadPerSecond")
                                && Math.abs(response.body()
                                                        .get("measured")
                                                        .get("recordsReadPerSecond")
                                                        .asDouble()
                                                - RATE)
                                        <= RATE * 0.1,
                        "the measured read rate to reach the source's rate",
                        WAIT)
                .body();

        JsonNode measured = job.get("measured");
        assertThat(measured.get("recordsReadPerSecond").asDouble()).isCloseTo(RATE, within(RATE * 0.1));
        // The figure it stands next to: the estimate's rate out of the source, from the connector's options.
        JsonNode estimatedSource = java.util.stream.StreamSupport.stream(
                        job.get("estimate").get("operators").spliterator(), false)
                .filter(operator -> operator.get("kind").asText().equals("SOURCE"))
                .findFirst()
                .orElseThrow();
        assertThat(estimatedSource.get("outputRate").asDouble()).isEqualTo(RATE);
        JsonNode sourceTask = measured.get("vertices").get(0);
        assertThat(sourceTask.get("name").asText()).startsWith("Source:");
        // The task's output is the chained local aggregation's: a few keys' partial counts per window.
        assertThat(sourceTask.get("recordsOutPerSecond").asDouble()).isLessThan(RATE / 5);
    }
}
