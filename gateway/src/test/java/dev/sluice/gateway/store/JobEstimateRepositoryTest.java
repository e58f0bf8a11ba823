package dev.sluice.gateway.store;

import dev.sluice.estimate.model.Assumption;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;

import java.util.List;
import java.util.Set;

import static dev.sluice.gateway.store.CatalogRepositoryTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

class JobEstimateRepositoryTest {

    private static final Assumption FLAGGED =
            new Assumption("orders.eventsPerSecond", "1000 rows/s (default)", Assumption.Origin.DEFAULT);
    private static final Estimate ESTIMATE = new Estimate(
            new Totals(2, 2, 1.25, 4096, 1 << 26, 0, 2048, 160, true),
            List.of(new OperatorEstimate(
                    1,
                    OperatorKind.GROUP_AGGREGATE,
                    "GroupAggregate#1",
                    1000,
                    1000,
                    24.5,
                    1.25,
                    2,
                    64,
                    4096,
                    true,
                    List.of(FLAGGED))),
            List.of(FLAGGED),
            StateBackend.HEAP,
            "default",
            Set.of("orders"));

    @StoreTest
    void readsBackTheEstimateAJobWasAdmittedWith(MetadataStore store) {
        store.jobEstimateRepository().insert("job-1", ESTIMATE);

        assertThat(store.jobEstimateRepository().find("job-1")).contains(ESTIMATE);
        assertThat(store.jobEstimateRepository().find("job-2")).isEmpty();
    }

    @StoreTest
    void aJobKeepsItsFirstEstimate(MetadataStore store) {
        store.jobEstimateRepository().insert("job-1", ESTIMATE);

        assertReason(
                () -> store.jobEstimateRepository().insert("job-1", ESTIMATE), StoreException.Reason.ALREADY_EXISTS);
    }
}
