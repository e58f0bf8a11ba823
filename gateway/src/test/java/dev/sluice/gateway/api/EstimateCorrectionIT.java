package dev.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.MeasuredJob;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Once a job has run a while, its record carries its estimate corrected from what was measured, and admission asks
 * the quota for that figure when the job is resumed and when its tenant submits the same statement again: a quota the
 * estimate exceeds, but the measured figure fits, lets both run at once.
 */
class EstimateCorrectionIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(MeasuredJob::configure);

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aResumeAndAResubmissionAreAdmittedOnWhatTheJobWasMeasuredToNeed() {
        Analyst alice = Analyst.of(GATEWAY, "corrected", "alice");
        ApiClient api = alice.api();
        String first = MeasuredJob.start(api);

        JsonNode measured = MeasuredJob.awaitCorrection(api, first);
        assertThat(measured.path("admittedOnCorrectionOf").isMissingNode()
                        || measured.get("admittedOnCorrectionOf").isNull())
                .as("admitted on its estimate")
                .isTrue();
        api.post("/api/v1/jobs/" + first + ":stop", "");
        JsonNode stopped = api.awaitJobStatus(first, "CANCELED", WAIT);
        long estimated = stopped.get("estimate").get("totals").get("stateBytes").asLong();
        JsonNode correction = stopped.get("correction");
        long corrected = correction.get("totals").get("stateBytes").asLong();
        // What it rests on: the job's last checkpoint and its tasks' busy time, at the parallelism it ran at.
        assertThat(correction.get("jobId").asText()).isEqualTo(first);
        assertThat(correction.get("parallelism").asInt()).isEqualTo(1);
        assertThat(correction.get("basis").get("stateBytes").asLong()).isEqualTo(corrected);
        assertThat(correction.get("basis").get("ranForSeconds").asLong()).isGreaterThanOrEqualTo(3);
        // The datagen source runs its own thread, whose busy time Flink does not report: the cores stay estimated.
        assertThat(correction.get("basis").path("cpuCores").isNull()
                        || correction.get("basis").path("cpuCores").isMissingNode())
                .isTrue();
        assertThat(correction.get("totals").get("cpuCores").asDouble())
                .isEqualTo(stopped.get("estimate").get("totals").get("cpuCores").asDouble());
        assertThat(corrected)
                .as("a minute's window of a million keys, estimated, holds more than a few seconds' keys measured")
                .isLessThan(estimated);
        // Room for the measured state, not for the estimated.
        MeasuredJob.quotaOfState(GATEWAY.api(), "corrected", (corrected + estimated) / 2);

        // Resumed, it is admitted on its own correction.
        JsonNode resumed = api.post("/api/v1/jobs/" + first + ":resume", "").body();
        assertThat(resumed.path("status").asText()).as(resumed.toString()).isIn("RUNNING", "SCHEDULING");
        assertThat(resumed.get("admittedOnCorrectionOf").asText()).isEqualTo(first);
        assertThat(usedState()).isEqualTo(corrected);
        api.post("/api/v1/jobs/" + first + ":stop", "");
        api.awaitJobStatus(first, "CANCELED", WAIT);

        // Submitted again, laid out otherwise, it runs at once on the first job's correction.
        String session = api.openSession();
        api.run(session, MeasuredJob.TABLES);
        ApiClient.Response again =
                api.post("/api/v1/statements", MeasuredJob.statement(session, MeasuredJob.INSERT_RELAID));
        assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
        String second = MeasuredJob.jobId(again.body());
        JsonNode job = api.get("/api/v1/jobs/" + second).body();
        assertThat(job.get("status").asText()).isIn("RUNNING", "SCHEDULING");
        assertThat(job.get("admittedOnCorrectionOf").asText()).isEqualTo(first);
        long admitted = api.get("/api/v1/jobs/" + first)
                .body()
                .get("correction")
                .get("totals")
                .get("stateBytes")
                .asLong();
        assertThat(usedState()).isEqualTo(admitted);

        // A statement with no correction of its own is admitted on its estimate, which the quota does not hold.
        ApiClient.Response other = api.post(
                "/api/v1/statements",
                MeasuredJob.statement(
                        session, MeasuredJob.INSERT.replace("INTERVAL '1' MINUTE", "INTERVAL '2' MINUTE")));
        assertThat(other.status()).as(other.body().toString()).isEqualTo(202);
        assertThat(other.body().get("exceeded").toString()).contains("stateBytes");
        api.post("/api/v1/jobs/" + second + ":stop", "");
    }

    /** The state the tenant's active jobs were admitted with, as an admin reads it. */
    private static long usedState() {
        return GATEWAY.api()
                .get("/api/v1/tenants/corrected/quota")
                .body()
                .get("used")
                .get("stateBytes")
                .asLong();
    }
}
