package dev.sluice.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What must survive a restart lives in the metadata store: tables, views and job records. */
class GatewayRestartIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    @Test
    void tablesViewsAndJobRecordsSurviveARestart() throws Exception {
        GATEWAY.api()
                .run(
                        null,
                        "CREATE TABLE numbers (n BIGINT, ts AS PROCTIME()) WITH ('connector' = 'datagen', 'number-of-rows' = '4',"
                                + " 'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '4');"
                                + "CREATE VIEW evens AS SELECT n FROM numbers WHERE MOD(n, 2) = 0;"
                                + "CREATE TABLE forever (n BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');"
                                + "CREATE TABLE nowhere (n BIGINT) WITH ('connector' = 'blackhole')");
        JsonNode job = GATEWAY.api()
                .run(null, "INSERT INTO nowhere SELECT n FROM forever")
                .get("statements")
                .get(0)
                .get("job");
        String jobId = job.get("id").asText();

        GATEWAY.restart();

        JsonNode query =
                GATEWAY.api().run(null, "SELECT n FROM evens").get("statements").get(0);
        List<JsonNode> rows = GATEWAY.api().readAll(query.get("id").asText(), Duration.ofSeconds(60));
        assertThat(rows).extracting(row -> row.get("fields").get(0).asLong()).containsExactly(2L, 4L);

        JsonNode recorded = GATEWAY.api().get("/api/v1/jobs/" + jobId).body();
        assertThat(recorded.get("sql").asText()).isEqualTo("INSERT INTO nowhere SELECT n FROM forever");
        assertThat(recorded.get("flinkJobId").asText())
                .isEqualTo(job.get("flinkJobId").asText());
        // The embedded cluster went down with the gateway, so the job is gone; it took no checkpoint in its few
        // seconds (they are 30 s apart), so it cannot be resumed, and its record says why.
        assertThat(recorded.get("status").asText()).isEqualTo("LOST");
        assertThat(recorded.get("statusMessage").asText())
                .contains("Not resumed after the gateway restarted", "no checkpoint");
    }
}
