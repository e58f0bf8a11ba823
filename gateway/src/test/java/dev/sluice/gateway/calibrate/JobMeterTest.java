package dev.sluice.gateway.calibrate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobMeterTest {

    private static final String TASK = "Source: events[1] -> Calc[2] -> WatermarkAssigner[3] (1/1)#0";

    @Test
    void aLegacySourceThreadAndAnOutputFlusherWorkForTheTaskTheyName() {
        // Seen on Flink 2.2 with datagen: the records are produced, and the chained operators run, in the legacy
        // source thread, so leaving it out measured a tenth of a tumble query's CPU.
        assertThat(JobMeter.taskOf("Legacy Source Thread - " + TASK)).isEqualTo(TASK);
        assertThat(JobMeter.taskOf("OutputFlusher for " + TASK)).isEqualTo(TASK);
        assertThat(JobMeter.taskOf(TASK)).isEqualTo(TASK);
        assertThat(JobMeter.taskOf("AsyncOperations-thread-1")).isEqualTo("AsyncOperations-thread-1");
    }
}
