package dev.sluice.gateway.pipeline.admit;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.store.Resources;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JobDemandTest {

    private static final long GIB = 1L << 30;
    private final JobDemand demand = new JobDemand(MemorySize.parse("1gb"), MemorySize.parse("2gb"));

    private static Configuration parallelism(int parallelism) {
        return new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    }

    private static Optional<Estimate> estimate(double cores, long heap, long managed, long state) {
        return Optional.of(new Estimate(
                new Totals(4, 4, cores, state, heap, managed, state, 100, false),
                List.of(),
                List.of(),
                StateBackend.HEAP,
                "default",
                Set.of("clicks")));
    }

    @Test
    void withoutAnEstimateAJobTakesACoreAndTheSlotMemoryPerSlotAndTheFixedState() {
        assertThat(demand.of(parallelism(3), Optional.empty())).isEqualTo(new Resources(3, 3_000, 3 * GIB, 2 * GIB));
    }

    @Test
    void anEstimateWithinWhatTheSlotsHoldIsTakenAsItIs() {
        // 0.25 cores -> 250 millicores; 300 MiB heap + 100 MiB managed; 5 MiB state.
        assertThat(demand.of(parallelism(2), estimate(0.25, 300L << 20, 100L << 20, 5L << 20)))
                .isEqualTo(new Resources(2, 250, 400L << 20, 5L << 20));
    }

    @Test
    void aJobNeverTakesMoreCoresOrMemoryThanItsSlotsHoldWhateverTheEstimateSays() {
        // A cross join at a guessed rate: millions of cores and 150 TiB would be needed to keep up; 2 slots hold
        // 2 cores and 2 GiB. State is not capped: it is kept however slowly the job runs.
        assertThat(demand.of(parallelism(2), estimate(5_508_535.979, 150L << 40, 0, 7L << 30)))
                .isEqualTo(new Resources(2, 2_000, 2 * GIB, 7L << 30));
    }
}
