package dev.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What the numbers were measured on; the load average tells how busy the shared machine was. */
record Machine(int cores, String memory, String java, String loadAverage) {

    static Machine now() throws IOException {
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / (1024 * 1024) + " GiB")
                .findFirst()
                .orElse("unknown");
        // The first three fields: load over the last 1, 5 and 15 minutes.
        String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                memory,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                String.join(" ", Arrays.copyOf(load, 3)));
    }
}
