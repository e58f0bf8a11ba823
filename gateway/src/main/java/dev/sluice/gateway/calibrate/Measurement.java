package dev.sluice.gateway.calibrate;

import java.util.Comparator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What one measured job did: its rates over each of its measuring windows, and its checkpointed state
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

    /**
     * Several runs of one job as one measurement: every window of every run, and the run's checkpoint with the median
     * state size. The windows of one run agree more closely than runs do (a stateless job at 10,000 rows/s
     * measured 0.0264-0.0304 cores in three windows and 0.0162-0.0204 in the next run of the same query), so only
     * repeated runs sample how the machine places a job's threads.
     */
    public static Measurement ofRuns(List<Measurement> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A measurement needs at least one run.");
        }
        List<JobMeter.Rates> windows =
                runs.stream().flatMap(run -> run.windows().stream()).toList();
        List<JobMeter.Checkpoint> checkpoints = runs.stream()
                .map(Measurement::checkpoint)
                .sorted(Comparator.comparingLong(JobMeter.Checkpoint::stateSize))
                .toList();
        return new Measurement(windows, checkpoints.get(checkpoints.size() / 2));
    }

    /** The window with the median CPU (the upper one of an even count), with the rates measured in it. */
    public JobMeter.Rates rates() {
        List<JobMeter.Rates> byCpu = windows.stream()
                .sorted(Comparator.comparingDouble(JobMeter.Rates::cpuCores))
                .toList();
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
