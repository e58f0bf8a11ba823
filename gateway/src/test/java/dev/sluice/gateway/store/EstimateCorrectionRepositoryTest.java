package dev.sluice.gateway.store;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EstimateCorrectionRepositoryTest {

    private static final Estimate ESTIMATE = new Estimate(
            new Totals(1, 1, 0.5, 4_000_000, 1 << 26, 0, 4_000_000, 160, false),
            List.of(),
            List.of(),
            StateBackend.HEAP,
            "default",
            Set.of("clicks"));
    private static final Instant EARLIER = Instant.parse("2026-12-07T18:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-07T18:05:00Z");

    @StoreTest
    void theNewestCorrectionOfTheSameStatementIsFoundForItsTenantOnly(MetadataStore store) {
        store.jobEstimateRepository().insert("job-a1", ESTIMATE, "fp-1", null);
        store.jobEstimateRepository().insert("job-a2", ESTIMATE, "fp-1", null);
        store.jobEstimateRepository().insert("job-b1", ESTIMATE, "fp-1", null);
        EstimateCorrectionRepository corrections = store.estimateCorrectionRepository();
        corrections.save("tenant-a", correction("job-a1", 1_000_000, EARLIER));
        corrections.save("tenant-a", correction("job-a2", 2_000_000, LATER));

        assertThat(corrections.latest("tenant-a", "fp-1")).contains(correction("job-a2", 2_000_000, LATER));
        assertThat(corrections.latest("tenant-b", "fp-1")).isEmpty();
        assertThat(corrections.latest("tenant-a", "fp-2")).isEmpty();
        assertThat(corrections.find("job-a1")).contains(correction("job-a1", 1_000_000, EARLIER));
        assertThat(corrections.find("job-b1")).isEmpty();
    }

    @StoreTest
    void aNewMeasurementReplacesTheJobsCorrection(MetadataStore store) {
        store.jobEstimateRepository().insert("job-1", ESTIMATE, "fp-1", null);
        EstimateCorrectionRepository corrections = store.estimateCorrectionRepository();
        corrections.save("tenant-a", correction("job-1", 1_000_000, EARLIER));

        corrections.save("tenant-a", correction("job-1", 3_000_000, LATER));

        assertThat(corrections.find("job-1")).contains(correction("job-1", 3_000_000, LATER));
        assertThat(corrections.latest("tenant-a", "fp-1")).contains(correction("job-1", 3_000_000, LATER));
    }

    @StoreTest
    void theJobRecordsWhoseCorrectionItWasAdmittedOn(MetadataStore store) {
        store.jobEstimateRepository().insert("job-1", ESTIMATE, "fp-1", null);
        store.jobEstimateRepository().insert("job-2", ESTIMATE, "fp-1", "job-1");

        assertThat(store.jobEstimateRepository().admittedOnCorrectionOf("job-1"))
                .isEmpty();
        assertThat(store.jobEstimateRepository().admittedOnCorrectionOf("job-2"))
                .contains("job-1");

        store.jobEstimateRepository().admittedOnCorrection("job-1", "job-1");

        assertThat(store.jobEstimateRepository().admittedOnCorrectionOf("job-1"))
                .contains("job-1");
    }

    private static EstimateCorrection correction(String jobId, long stateBytes, Instant at) {
        return new EstimateCorrection(
                jobId,
                1,
                new Totals(1, 1, 0.25, stateBytes, 1 << 26, 0, stateBytes, 90, false),
                new EstimateCorrection.Basis(0.25, stateBytes, 100.0, 300),
                at);
    }
}
