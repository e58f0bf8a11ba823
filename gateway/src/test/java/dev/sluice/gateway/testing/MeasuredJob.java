package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;

import java.time.Duration;

/**
 * A windowed count over many keys whose estimate Sluice corrects from measurement within seconds (with {@link
 * #configure}): the estimate counts the keys a full minute's window holds, while the job, measured a few seconds
 * after it starts, has checkpointed far fewer.
 */
public final class MeasuredJob {

    /** Its tables, in the tenant's own database. */
    public static final String TABLES =
            "CREATE TABLE IF NOT EXISTS clicks (user_id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)"
                    + " WITH ('connector' = 'datagen', 'rows-per-second' = '200', 'fields.user_id.min' = '1',"
                    + " 'fields.user_id.max' = '1000000');"
                    + " CREATE TABLE IF NOT EXISTS click_counts (window_start TIMESTAMP(3), user_id INT, n BIGINT)"
                    + " WITH ('connector' = 'blackhole')";

    public static final String INSERT = "INSERT INTO click_counts SELECT window_start, user_id, COUNT(*)"
            + " FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
            + " GROUP BY window_start, window_end, user_id";

    /** The same statement laid out otherwise: a comment, line breaks and a final semicolon. */
    public static final String INSERT_RELAID = "-- the same count again\n"
            + INSERT.replace(" FROM ", "\n  FROM ").replace(" GROUP BY ", "\n  GROUP BY ") + ";";

    private static final Duration WAIT = Duration.ofSeconds(90);

    private MeasuredJob() {}

    /** Corrections after 3 s of running, from checkpoints taken every second. */
    public static void configure(Configuration options) {
        options.set(SluiceOptions.ESTIMATE_CORRECTION_MIN_RUNTIME, Duration.ofSeconds(3));
        options.set(SluiceOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    }

    /** Starts the job in a new session of {@code api}'s tenant; returns its job id. */
    public static String start(ApiClient api) {
        String session = api.openSession();
        api.run(session, TABLES);
        return jobId(api.run(session, INSERT));
    }

    /** A request to run {@code sql} in {@code session}. */
    public static JsonNode statement(String session, String sql) {
        return new ObjectMapper().createObjectNode().put("sql", sql).put("sessionId", session);
    }

    /** The id of the job the script's one statement started. */
    public static String jobId(JsonNode script) {
        return script.get("statements").get(0).get("job").get("id").asText();
    }

    /** The job as its tenant reads it once it has a correction. */
    public static JsonNode awaitCorrection(ApiClient api, String jobId) {
        return api.awaitGet(
                        "/api/v1/jobs/" + jobId,
                        response -> response.status() == 200
                                && response.body().path("correction").isObject(),
                        "job " + jobId + "'s estimate corrected from measurement",
                        WAIT)
                .body();
    }

    /** Sets the tenant's quota, as {@code admin}, with room for anything but {@code maxStateBytes} of state. */
    public static void quotaOfState(ApiClient admin, String tenant, long maxStateBytes) {
        ApiClient.Response set = admin.put(
                "/api/v1/tenants/" + tenant + "/quota",
                "{\"maxJobs\": 10, \"maxTaskSlots\": 4, \"maxCpuCores\": 64, \"maxMemoryBytes\": 68719476736,"
                        + " \"maxStateBytes\": " + maxStateBytes + "}");
        if (set.status() != 200) {
            throw new AssertionError("Setting the quota failed with " + set.status() + ": " + set.body());
        }
    }
}
