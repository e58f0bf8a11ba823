package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jobs are named where people look for them, {@code GET /api/v1/jobs} and a job's own page: by the session's
 * {@code pipeline.name}, else by the tables they write.
 */
class JobNamesIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @BeforeAll
    static void createTables() {
        GATEWAY.api()
                .run(
                        null,
                        "CREATE TABLE named_source (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');"
                                + " CREATE TABLE named_a (n INT) WITH ('connector' = 'blackhole');"
                                + " CREATE TABLE named_b (n INT) WITH ('connector' = 'blackhole')");
    }

    @Test
    void aJobIsNamedByItsSessionsPipelineName() {
        ApiClient api = GATEWAY.api();
        String session = api.openSession();
        api.run(session, "SET 'pipeline.name' = 'hourly clicks'");

        String id = submit(session, "INSERT INTO named_a SELECT n FROM named_source");

        assertThat(listed(id).get("name").asText()).isEqualTo("hourly clicks");
        assertThat(api.get("/api/v1/jobs/" + id).body().get("name").asText()).isEqualTo("hourly clicks");
        stop(id);
    }

    @Test
    void withoutAPipelineNameAJobIsNamedByTheTablesItWrites() {
        String session = GATEWAY.api().openSession();

        String insert = submit(session, "INSERT INTO named_a SELECT n FROM named_source");
        String statementSet = submit(
                session,
                "EXECUTE STATEMENT SET BEGIN INSERT INTO named_a SELECT n FROM named_source;"
                        + " INSERT INTO named_b SELECT n FROM named_source; END");

        assertThat(listed(insert).get("name").asText()).isEqualTo("named_a");
        assertThat(listed(statementSet).get("name").asText()).isEqualTo("named_a, named_b");
        stop(insert);
        stop(statementSet);
    }

    private static String submit(String session, String sql) {
        return GATEWAY.api()
                .run(session, sql)
                .get("statements")
                .get(0)
                .get("job")
                .get("id")
                .asText();
    }

    /** The job as {@code GET /api/v1/jobs} lists it. */
    private static JsonNode listed(String id) {
        return StreamSupport.stream(
                        GATEWAY.api().get("/api/v1/jobs").body().get("jobs").spliterator(), false)
                .filter(job -> job.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("job " + id + " is not listed"));
    }

    private static void stop(String id) {
        assertThat(GATEWAY.api().post("/api/v1/jobs/" + id + ":stop", "").status())
                .isEqualTo(200);
    }
}
