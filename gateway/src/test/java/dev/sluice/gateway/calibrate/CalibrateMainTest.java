package dev.sluice.gateway.calibrate;

import dev.sluice.estimate.calibration.ProfileFitter;
import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.OperatorEstimate;
import dev.sluice.estimate.model.OperatorKind;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrateMainTest {

    @Test
    void repeatedRunsOfOneMicroQueryAreFittedByTheirMedians() {
        List<ProfileFitter.Run> runs = List.of(
                run(10_000, 0.10, 5_000),
                run(10_000, 0.30, 1_000),
                run(10_000, 0.20, 3_000),
                run(3_000, 0.05, 900),
                run(3_000, 0.07, 700));

        List<ProfileFitter.Run> medians = CalibrateMain.medians(runs);

        assertThat(medians).hasSize(2);
        // Three runs at 10,000 rows/s: the median CPU (0.20) and, apart from it, the median checkpoint (3,000).
        assertThat(medians.get(0).measuredCores()).isEqualTo(0.20);
        assertThat(medians.get(0).measuredCheckpointBytes()).isEqualTo(3_000);
        // Two at 3,000 rows/s: the upper of the two middle values.
        assertThat(medians.get(1).measuredCores()).isEqualTo(0.07);
        assertThat(medians.get(1).measuredCheckpointBytes()).isEqualTo(900);
    }

    private static ProfileFitter.Run run(double rate, double cores, long checkpoint) {
        List<OperatorEstimate> operators = List.of(
                new OperatorEstimate(0, OperatorKind.SOURCE, "events", 0, rate, 50, 0.01, 1, 0, 0, false, List.of()),
                new OperatorEstimate(
                        1, OperatorKind.RANK, "rank", rate, rate, 50, 0.01, 1, 10, 1_000, false, List.of()));
        Estimate estimate = new Estimate(
                new Totals(1, 1, 0.02, 1_000, 1, 0, 1_000, 1, false),
                operators,
                List.of(),
                StateBackend.HEAP,
                "default",
                Set.of("events"));
        return new ProfileFitter.Run(OperatorKind.RANK, StateBackend.HEAP, estimate, cores, checkpoint);
    }
}
