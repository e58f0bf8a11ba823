package dev.sluice.gateway.pipeline.admit;

import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository.Usage;
import dev.sluice.gateway.store.Resources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaCheckTest {

    private static final QuotaRecord QUOTA = new QuotaRecord(3, new Resources(8, 4_000, 8_000, 1_000));

    @Test
    void aJobThatFillsTheQuotaExactlyFits() {
        Usage used = new Usage(2, 0, new Resources(6, 3_000, 6_000, 900));

        assertThat(QuotaCheck.exceeded(QUOTA, used, new Resources(2, 1_000, 2_000, 100)))
                .isEmpty();
    }

    @Test
    void everyLimitAJobWouldExceedIsNamedWithItsNumbers() {
        Usage used = new Usage(3, 0, new Resources(6, 3_500, 6_000, 900));

        assertThat(QuotaCheck.exceeded(QUOTA, used, new Resources(4, 750, 2_000, 101)))
                .containsExactly(
                        "jobs: 3 in use + 1 asked > 3 allowed",
                        "taskSlots: 6 in use + 4 asked > 8 allowed",
                        "cpuCores: 3.5 in use + 0.75 asked > 4 allowed",
                        "stateBytes: 900 in use + 101 asked > 1000 allowed");
    }

    @Test
    void aZeroQuotaHoldsEveryJob() {
        QuotaRecord nothing = new QuotaRecord(0, Resources.NONE);

        assertThat(QuotaCheck.exceeded(nothing, new Usage(0, 0, Resources.NONE), Resources.NONE))
                .containsExactly("jobs: 0 in use + 1 asked > 0 allowed");
    }

    @Test
    void aQueryIsCheckedOnResourcesOnlyNotOnTheJobLimit() {
        Usage used = new Usage(3, 0, new Resources(6, 3_500, 6_000, 900));

        assertThat(QuotaCheck.exceededResources(QUOTA, used, new Resources(1, 500, 2_000, 100)))
                .isEmpty();
        assertThat(QuotaCheck.exceededResources(QUOTA, used, new Resources(3, 500, 2_000, 100)))
                .containsExactly("taskSlots: 6 in use + 3 asked > 8 allowed");
    }
}
