package dev.sluice.benchmarks.validation;

import dev.sluice.benchmarks.GatewayChild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A gateway started as its own JVM from a built checkout ({@code gateway/target} with its class path file), with a
 * throw-away data directory and free ports: how the benchmark runs this build and a baseline (e.g. main) side by side
 * with the same flags, so the two differ only in their code.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("^Sluice is ready: API (\\S+)/api/v1 .*");
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final Path dataDir;
    private final String apiUrl;
    private final String token;

    private GatewayProcess(Process process, Path dataDir, String apiUrl, String token) {
        this.process = process;
        this.dataDir = dataDir;
        this.apiUrl = apiUrl;
        this.token = token;
    }

    /** Starts the gateway of the checkout at {@code root} and waits until it is ready. */
    static GatewayProcess start(Path root) throws IOException, InterruptedException {
        Path target = root.resolve("gateway/target");
        String classPath = target.resolve("classes") + ":"
                + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        Path dataDir = Files.createTempDirectory("sluice-validation-bench-");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-XX:+UseParallelGC",
                        "-Dlog4j2.configurationFile=classpath:log4j2.xml",
                        "-cp",
                        classPath,
                        "dev.sluice.gateway.SluiceMain",
                        "--data-dir",
                        dataDir.resolve("data").toString(),
                        "--api-port",
                        "0",
                        "--flink-port",
                        "0",
                        "--pg-port",
                        "0")
                .directory(root.toFile())
                .redirectError(log.toFile())
                .start();
        try {
            String apiUrl = readyUrl(process, log);
            String token = Files.readString(dataDir.resolve("data").resolve("admin.token"))
                    .strip();
            return new GatewayProcess(process, dataDir, apiUrl, token);
        } catch (IOException | RuntimeException e) {
            GatewayChild.stop(process);
            delete(dataDir);
            throw e;
        }
    }

    String apiUrl() {
        return apiUrl;
    }

    String token() {
        return token;
    }

    private static String readyUrl(Process process, Path log) throws IOException, InterruptedException {
        return GatewayChild.awaitReadyLine(process, log, READY_TIMEOUT, line -> {
            Matcher matcher = READY.matcher(line);
            return matcher.matches() ? matcher.group(1) : null;
        });
    }

    @Override
    public void close() throws InterruptedException {
        GatewayChild.stop(process);
        delete(dataDir);
        delete(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + path, e);
        }
    }
}
