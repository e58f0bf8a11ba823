package dev.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the numbers were measured on; the load average tells how busy the shared machine was. The processor is named
 * because a fresh machine of the same size can be another model: per-record CPU calibrated on one is not the other's.
 */
public record Machine(int cores, String processor, String memory, String java, String loadAverage) {

    public static Machine now() throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB")
                .findFirst()
                .orElse("unknown");
        // The first three fields: load over the last 1, 5 and 15 minutes.
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        String processor = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown processor");
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                processor,
                memory,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                String.join(" ", Arrays.copyOf(load, 3)));
    }

    /** A report's machine line: this machine, its load average as it was (before a run) and as it is now. */
    public String withLoadNow() throws IOException {
        return String.format(
                "%d cores (%s), %s memory, %s; load average before: %s, after: %s",
                cores, processor, memory, java, loadAverage, now().loadAverage());
    }
}
