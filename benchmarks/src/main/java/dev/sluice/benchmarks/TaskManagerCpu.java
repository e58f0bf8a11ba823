package dev.sluice.benchmarks;

import dev.sluice.tests.harness.FlinkSessionCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The CPU the processes of a standalone cluster's TaskManagers use, read from the operating system: every thread of
 * the JVM (tasks, garbage collection, JIT, Flink's own), which is what a core given to a TaskManager has to carry.
 */
final class TaskManagerCpu {

    /** Each TaskManager's CPU time so far, by index, at one instant. */
    record Sample(long nanos, List<Duration> cpu) {}

    private final FlinkSessionCluster cluster;
    private final int taskManagers;

    TaskManagerCpu(FlinkSessionCluster cluster, int taskManagers) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.taskManagers = taskManagers;
    }

    Sample sample() {
        List<Duration> cpu = new ArrayList<>();
        for (int index = 0; index < taskManagers; index++) {
            int taskManager = index;
            cpu.add(cluster.taskManagerCpuTime(taskManager)
                    .orElseThrow(() -> new IllegalStateException(
                            "The system does not tell TaskManager " + taskManager + "'s CPU time.")));
        }
        return new Sample(System.nanoTime(), cpu);
    }

    /** Each TaskManager's cores between two samples: CPU time over wall time. */
    static List<Double> cores(Sample first, Sample second) {
        double seconds = (second.nanos() - first.nanos()) / 1e9;
        List<Double> cores = new ArrayList<>();
        for (int i = 0; i < first.cpu().size(); i++) {
            cores.add(second.cpu().get(i).minus(first.cpu().get(i)).toNanos() / 1e9 / seconds);
        }
        return cores;
    }
}
