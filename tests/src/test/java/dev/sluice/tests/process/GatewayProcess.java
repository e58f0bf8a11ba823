package dev.sluice.tests.process;

import dev.sluice.gateway.testing.ApiClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway as {@code ./sluice start} runs it: its own JVM, the launcher's main class and class path, in a data
 * directory of the test's, on ports the system picks. Once started it has printed its ready line; closing it kills
 * what is left of it.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "Sluice is ready: API (http://[^ ]+)/api/v1 \\| Flink SQL Gateway endpoint (http://[^ ]+) .*\\| PostgreSQL (jdbc:\\S+)");
    private static final Pattern GATEWAY_ID =
            Pattern.compile(".*This gateway is (\\S+) among those sharing the metadata store.*");

    private final Process process;
    private final Path dataDir;
    private final List<String> output;
    private final URI api;
    private final URI flinkEndpoint;
    private final String pgJdbcUrl;

    private GatewayProcess(Process process, Path dataDir, List<String> output, Matcher ready) {
        this.process = process;
        this.dataDir = dataDir;
        this.output = output;
        this.api = URI.create(ready.group(1));
        this.flinkEndpoint = URI.create(ready.group(2));
        this.pgJdbcUrl = ready.group(3);
    }

    /** Starts the gateway on {@code dataDir} with {@code moreArguments}; waits up to 2 minutes for its ready line. */
    public static GatewayProcess start(Path dataDir, String... moreArguments) throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("sluice.gatewayTarget"));
        String classPath = target.resolve("classes") + ":"
                + Files.readString(target.resolve("runtime-classpath.txt")).strip();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.sluice.gateway.SluiceMain",
                "--data-dir",
                dataDir.toString(),
                "--api-port",
                "0",
                "--flink-port",
                "0",
                "--pg-port",
                "0"));
        command.addAll(List.of(moreArguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        // The ready line's match, or null when the process ended without one.
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            output.add(line);
                            Matcher matcher = READY.matcher(line);
                            if (matcher.matches()) {
                                ready.complete(matcher);
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                    ready.complete(null);
                },
                "gateway-output");
        reader.setDaemon(true);
        reader.start();
        Matcher matched = awaitReady(ready);
        if (matched == null) {
            process.destroyForcibly();
            // No AssertJ here: benchmarks/run failover starts gateways with this too, outside any test.
            throw new IllegalStateException(
                    "The gateway printed no ready line; its output:\n" + String.join("\n", output));
        }
        return new GatewayProcess(process, dataDir, output, matched);
    }

    private static Matcher awaitReady(CompletableFuture<Matcher> ready) throws InterruptedException {
        try {
            return ready.get(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The API's base address, {@code http://127.0.0.1:<port>} (the API is under {@code /api/v1}). */
    public URI api() {
        return api;
    }

    public URI flinkEndpoint() {
        return flinkEndpoint;
    }

    /** The PostgreSQL listener, {@code jdbc:postgresql://host:port/sluice}. */
    public String pgJdbcUrl() {
        return pgJdbcUrl;
    }

    /** Its id among the gateways sharing a metadata store, as it logged it on start. */
    public String gatewayId() {
        return output().stream()
                .map(GATEWAY_ID::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The gateway logged no id: " + output()));
    }

    /** SIGKILL: no shutdown hook runs, nothing is given up or closed; waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    Process process() {
        return process;
    }

    /** What it printed so far, standard output and error together. */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** The admin token the first start wrote into the data directory. */
    public String adminToken() throws IOException {
        return Files.readString(dataDir.resolve("admin.token")).strip();
    }

    public ApiClient adminClient() throws IOException {
        return new ApiClient(api.toString(), adminToken());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
