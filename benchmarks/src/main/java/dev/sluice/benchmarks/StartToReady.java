package dev.sluice.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

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
                stop(sluice);
            }
        }
    }

    /** When the ready line appeared; fails if the gateway exits or stays silent first. */
    private static long readyLine(Process sluice, Path log) throws Exception {
        CompletableFuture<Long> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader out = new BufferedReader(
                            new InputStreamReader(sluice.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = out.readLine(); line != null; line = out.readLine()) {
                            if (line.startsWith(READY_PREFIX)) {
                                ready.complete(System.nanoTime());
                            }
                        }
                        ready.completeExceptionally(
                                new IllegalStateException("The gateway exited before it was ready."));
                    } catch (IOException e) {
                        ready.completeExceptionally(e);
                    }
                },
                "sluice-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException(
                    "No ready line within " + READY_TIMEOUT + "; its log:\n" + Files.readString(log), e);
        }
    }

    private static long residentKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No VmRSS for process " + pid + "."));
    }

    /** SIGTERM first, so the gateway's shutdown hook runs; SIGKILL if it has not exited in time. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
