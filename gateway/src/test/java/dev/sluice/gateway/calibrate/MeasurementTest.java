package dev.sluice.gateway.calibrate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeasurementTest {

    private static final JobMeter.Checkpoint CHECKPOINT = new JobMeter.Checkpoint(7, 1_000, 200, Instant.EPOCH);

    @Test
    void aJobsRatesAreThoseOfItsWindowWithTheMedianCpu() {
        JobMeter.Rates slow = window(0.0179, 9_800);
        JobMeter.Rates typical = window(0.0121, 10_000);
        JobMeter.Rates fast = window(0.0109, 10_100);

        Measurement measured = new Measurement(List.of(slow, fast, typical), CHECKPOINT);

        assertThat(measured.rates()).isEqualTo(typical);
        assertThat(measured.minCpuCores()).isEqualTo(0.0109);
        assertThat(measured.maxCpuCores()).isEqualTo(0.0179);
    }

    @Test
    void ofTwoWindowsTheHigherStands() {
        JobMeter.Rates low = window(0.010, 10_000);
        JobMeter.Rates high = window(0.012, 10_000);

        assertThat(new Measurement(List.of(high, low), CHECKPOINT).rates()).isEqualTo(high);
    }

    @Test
    void repeatedRunsPoolTheirWindowsAndKeepTheMedianCheckpoint() {
        JobMeter.Checkpoint small = new JobMeter.Checkpoint(3, 150_000, 20_000, Instant.EPOCH);
        JobMeter.Checkpoint typical = new JobMeter.Checkpoint(4, 170_000, 20_000, Instant.EPOCH);
        JobMeter.Checkpoint large = new JobMeter.Checkpoint(5, 260_000, 20_000, Instant.EPOCH);
        JobMeter.Rates high = window(0.0266, 10_000);
        JobMeter.Rates low = window(0.0170, 10_000);
        JobMeter.Rates middle = window(0.0201, 10_000);

        Measurement measured = Measurement.ofRuns(List.of(
                new Measurement(List.of(high), large),
                new Measurement(List.of(low), typical),
                new Measurement(List.of(middle), small)));

        assertThat(measured.windows()).containsExactly(high, low, middle);
        assertThat(measured.rates()).isEqualTo(middle);
        assertThat(measured.checkpoint()).isEqualTo(typical);
        assertThatThrownBy(() -> Measurement.ofRuns(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one run");
    }

    @Test
    void aMeasurementWithoutWindowsIsRefused() {
        assertThatThrownBy(() -> new Measurement(List.of(), CHECKPOINT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one window");
        assertThatThrownBy(
                        () -> new MeasuredJobs.Timing(Duration.ofSeconds(5), Duration.ofSeconds(10), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one window, not 0");
    }

    private static JobMeter.Rates window(double cores, double sourceRows) {
        return new JobMeter.Rates(
                List.of(new JobMeter.VertexRates("Source: events", 1, 0, sourceRows, cores, 0, 0)), 10);
    }
}
