package dev.sluice.gateway.calibrate;

import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one measured job did: its rates over each of its consecutive measuring windows, and its checkpointed state
 * once it had reached steady state.
 */
public record Measurement(List<JobMeter.Rates> windows, JobMeter.Checkpoint checkpoint) {

    public Measurement {
        windows = List.copyOf(requireNonNull(windows, "windows is null"));
        requireNonNull(checkpoint, "checkpoint is null");
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("A measurement needs at least one window.");
        }
    }

    /** The window with the median CPU (the upper one of an even count), with the rates measured in it. */
    public JobMeter.Rates rates() {
        List<JobMeter.Rates> byCpu = windows.stream().sorted(Comparator.comparingDouble(JobMeter.Rates::cpuCores)).toList();
        return byCpu.get(byCpu.size() / 2);
    }

    /** The lowest and highest CPU of one window, in cores: how much the measurement itself spread. */
    public double minCpuCores() {
        return windows.stream().mapToDouble(JobMeter.Rates::cpuCores).min().orElseThrow();
    }

    public double maxCpuCores() {
        return windows.stream().mapToDouble(JobMeter.Rates::cpuCores).max().orElseThrow();
    }
}
