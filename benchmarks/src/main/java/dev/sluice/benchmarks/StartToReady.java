package dev.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Start to ready: launches {@code ./sluice start} as a child process, times it to its "Sluice is ready:" line, lets
 * it idle, reads its resident memory, and stops it with SIGTERM as Ctrl-C would. Each start gets a fresh data
 * directory; ports are 0, so the gateway picks free ones itself.
 */
final class StartToReady {

    /** One start: seconds to the ready line, and the JVM's resident set after idling. */
    record Start(double secondsToReady, long idleRssKib) {}

    private static final String READY_PREFIX = "Sluice is ready:";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration IDLE = Duration.ofSeconds(5);

    private final Path repository;

    StartToReady(Path repository) {
        this.repository = repository;
    }

    /** Expects the gateway built ({@code benchmarks/run} runs {@code ./sluice start --help} first), so no start builds. */
    List<Start> run(int starts) throws Exception {
        List<Start> measured = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            measured.add(startOnce());
            Progress.say(
                    "start %d/%d: ready after %.2f s, idle RSS %d MiB",
                    i + 1,
                    starts,
                    measured.get(i).secondsToReady(),
                    measured.get(i).idleRssKib() / 1024);
        }
        return measured;
    }

    private Start startOnce() throws Exception {
        try (TempDir dir = TempDir.create("sluice-bench-start-")) {
            Path log = dir.path().resolve("stderr.log");
            long launched = System.nanoTime();
            Process sluice = new ProcessBuilder(
                            repository.resolve("sluice").toString(),
                            "start",
                            "--data-dir",
                            dir.path().resolve("data").toString(),
                            "--api-port",
                            "0",
                            "--flink-port",
                            "0",
                            "--pg-port",
                            "0")
                    .directory(repository.toFile())
                    .redirectError(log.toFile())
                    .start();
            try {
                long ready = readyLine(sluice, log);
                Thread.sleep(IDLE.toMillis());
                // ./sluice execs java, so the child's pid is the gateway's JVM.
                return new Start((ready - launched) / 1e9, residentKib(sluice.pid()));
            } finally {
                GatewayChild.stop(sluice);
            }
        }
    }

    /** When the ready line appeared; fails if the gateway exits or stays silent first. */
    private static long readyLine(Process sluice, Path log) throws IOException, InterruptedException {
        return GatewayChild.awaitReadyLine(
                sluice, log, READY_TIMEOUT, line -> line.startsWith(READY_PREFIX) ? System.nanoTime() : null);
    }

    private static long residentKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No VmRSS for process " + pid + "."));
    }
}
