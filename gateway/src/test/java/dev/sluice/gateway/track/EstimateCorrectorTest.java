package dev.sluice.gateway.track;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.estimate.model.StateBackend;
import dev.sluice.estimate.model.Totals;
import dev.sluice.gateway.store.EstimateCorrection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EstimateCorrectorTest {

    private static final Duration MIN_RUNTIME = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-12-07T18:00:00Z");
    private static final EstimateCorrector CORRECTOR = new EstimateCorrector(MIN_RUNTIME);
    /** Parallelism 2, 0.5 task cores (0.75 for the process), 1 MB of state on a heap of 3 MB, 400 ms checkpoints. */
    private static final Totals ESTIMATED = new Totals(2, 2, 0.5, 1_000_000, 3_000_000, 0, 1_000_000, 400, false, 0.75);

    @Test
    void measuredBusyTimeAndCheckpointedStateReplaceTheEstimatedFigures() {
        JobMetrics measured = measured(100.0, 50.0, 250_000L);

        EstimateCorrection correction = CORRECTOR
                .correct("job-1", estimate(StateBackend.HEAP), measured, MIN_RUNTIME, NOW)
                .orElseThrow();

        Totals totals = correction.totals();
        // Two subtasks busy 100 ms/s and two busy 50 ms/s: 0.2 + 0.1 cores.
        assertThat(totals.cpuCores()).isCloseTo(0.3, within(1e-9));
        // The process keeps the estimate's 0.75 / 0.5 to the task threads.
        assertThat(totals.processCpuCores()).isCloseTo(0.45, within(1e-9));
        assertThat(totals.stateBytes()).isEqualTo(250_000);
        assertThat(totals.checkpointBytes()).isEqualTo(250_000);
        assertThat(totals.checkpointMillis()).isEqualTo(120);
        // On the heap backend the state's 750,000 bytes less come off the heap: 3,000,000 - 1,000,000 + 250,000.
        assertThat(totals.heapBytes()).isEqualTo(2_250_000);
        assertThat(totals.parallelism()).isEqualTo(2);
        assertThat(totals.taskSlots()).isEqualTo(2);
        assertThat(correction.parallelism()).isEqualTo(2);
        assertThat(correction.basis().cpuCores()).isCloseTo(0.3, within(1e-9));
        assertThat(correction.basis().stateBytes()).isEqualTo(250_000L);
        assertThat(correction.basis().recordsReadPerSecond()).isEqualTo(5_000.0);
        assertThat(correction.basis().ranForSeconds()).isEqualTo(300);
        assertThat(correction.measuredAt()).isEqualTo(NOW);
        assertThat(correction.jobId()).isEqualTo("job-1");
    }

    @Test
    void onRocksDbTheHeapIsNotTheState() {
        EstimateCorrection correction = CORRECTOR
                .correct("job-1", estimate(StateBackend.ROCKSDB), measured(100.0, 50.0, 250_000L), MIN_RUNTIME, NOW)
                .orElseThrow();

        assertThat(correction.totals().heapBytes()).isEqualTo(3_000_000);
        assertThat(correction.totals().stateBytes()).isEqualTo(250_000);
    }

    @Test
    void aJobThatHasNotRunLongEnoughIsNotCorrected() {
        assertThat(CORRECTOR.correct(
                        "job-1",
                        estimate(StateBackend.HEAP),
                        measured(100.0, 50.0, 250_000L),
                        MIN_RUNTIME.minusSeconds(1),
                        NOW))
                .isEmpty();
    }

    @Test
    void withoutACompletedCheckpointTheStateStaysAsEstimatedAndTheCpuIsCorrected() {
        Totals totals = CORRECTOR
                .correct("job-1", estimate(StateBackend.HEAP), measured(100.0, 50.0, null), MIN_RUNTIME, NOW)
                .orElseThrow()
                .totals();

        assertThat(totals.cpuCores()).isCloseTo(0.3, within(1e-9));
        assertThat(totals.stateBytes()).isEqualTo(1_000_000);
        assertThat(totals.checkpointBytes()).isEqualTo(1_000_000);
        assertThat(totals.heapBytes()).isEqualTo(3_000_000);
    }

    @Test
    void aTaskWhoseBusyTimeFlinkDoesNotReportLeavesTheCpuAsEstimatedAndTheStateIsCorrected() {
        EstimateCorrection correction = CORRECTOR
                .correct("job-1", estimate(StateBackend.HEAP), measured(null, 50.0, 250_000L), MIN_RUNTIME, NOW)
                .orElseThrow();

        assertThat(correction.totals().cpuCores()).isEqualTo(0.5);
        assertThat(correction.totals().processCpuCores()).isEqualTo(0.75);
        assertThat(correction.totals().stateBytes()).isEqualTo(250_000);
        assertThat(correction.basis().cpuCores()).isNull();
    }

    @Test
    void neitherBusyTimeForEveryTaskNorACheckpointIsTooLittleToCorrect() {
        assertThat(CORRECTOR.correct(
                        "job-1", estimate(StateBackend.HEAP), measured(null, 50.0, null), MIN_RUNTIME, NOW))
                .isEmpty();
    }

    @Test
    void aJobWithoutTasksIsNotCorrected() {
        JobMetrics nothing = new JobMetrics(List.of(), null, null, null, null);

        assertThat(CORRECTOR.correct("job-1", estimate(StateBackend.HEAP), nothing, MIN_RUNTIME, NOW))
                .isEmpty();
    }

    private static Estimate estimate(StateBackend backend) {
        return new Estimate(ESTIMATED, List.of(), List.of(), backend, "test", Set.of());
    }

    private static JobMetrics measured(Double sourceBusy, Double windowBusy, Long stateBytes) {
        return new JobMetrics(
                List.of(
                        new JobMetrics.Vertex("Source: clicks", 2, sourceBusy, 0.0, null, 5_000.0),
                        new JobMetrics.Vertex("Window(clicks)", 2, windowBusy, 0.0, 5_000.0, 10.0)),
                5_000.0,
                stateBytes,
                stateBytes,
                120L);
    }
}
