package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.MeasuredJob;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's estimate corrected from measurement is its tenant's: a hostile analyst who submits the very statement
 * another tenant's job was measured running is admitted on their own estimate, and cannot read the correction.
 */
class EstimateCorrectionAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(MeasuredJob::configure);

    @Test
    @Attack(kind = Attack.Kind.QUOTAS, through = Attack.Listener.API)
    void anotherTenantsCorrectionNeitherAdmitsTheSameStatementNorCanBeRead() {
        Analyst alice = Analyst.of(GATEWAY, "measured-alice", "alice");
        Analyst mallory = Analyst.of(GATEWAY, "measured-mallory", "mallory");
        String measured = MeasuredJob.start(alice.api());
        JsonNode job = MeasuredJob.awaitCorrection(alice.api(), measured);
        long estimated = job.get("estimate").get("totals").get("stateBytes").asLong();
        long corrected = job.get("correction").get("totals").get("stateBytes").asLong();
        assertThat(corrected).isLessThan(estimated);
        // Alice's correction would fit Mallory's quota; Mallory's own estimate does not.
        MeasuredJob.quotaOfState(GATEWAY.api(), "measured-mallory", (corrected + estimated) / 2);
        String session = mallory.api().openSession();
        mallory.api().run(session, MeasuredJob.TABLES);

        Response held = mallory.api().post("/api/v1/statements", MeasuredJob.statement(session, MeasuredJob.INSERT));

        assertThat(held.status()).as(held.body().toString()).isEqualTo(202);
        assertThat(held.body().get("exceeded").toString()).contains("stateBytes: 0 in use + " + estimated + " asked");
        JsonNode request = mallory.api()
                .get("/api/v1/approvals/" + held.body().get("approvalId").asText())
                .body();
        assertThat(request.get("demand").get("stateBytes").asLong()).isEqualTo(estimated);
        // Nothing of Alice's job reaches Mallory: not its record, not its correction, not its place in a list.
        Response read = mallory.api().get("/api/v1/jobs/" + measured);
        assertThat(read.status()).isEqualTo(404);
        assertThat(read.body().toString()).doesNotContain("correction", Long.toString(corrected));
        assertThat(mallory.api().get("/api/v1/jobs").body().get("jobs")).isEmpty();
        GATEWAY.api().post("/api/v1/jobs/" + measured + ":stop", "");
    }
}
