package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, which {@code ./sluice test} installs), started as a
 * process of its own on 127.0.0.1 with a temporary storage directory and the scrape configuration it is given; and a
 * client of its HTTP query API. {@link #close()} stops it and deletes its directory.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where Debian's package puts it. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Process process;
    private final String url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Path directory, Process process, String url) {
        this.directory = directory;
        this.process = process;
        this.url = url;
    }

    /**
     * Starts Prometheus with {@code scrapeConfigs} (a {@code scrape_configs:} section of its configuration), every
     * target scraped every second unless the section says otherwise; returns once it answers ready.
     */
    public static PrometheusServer start(String scrapeConfigs) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: ./sluice test installs Debian's prometheus package"
                    + " (or, as root: apt-get install -y prometheus)");
        }
        Path directory = Files.createTempDirectory("sluice-prometheus-");
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                """ + scrapeConfigs);
        int port = freePort();
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + directory.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        // A query sees a series up to 5 minutes after its last sample by default; a test needs no more.
                        "--query.lookback-delta=30s")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(directory, process, "http://127.0.0.1:" + port);
        try {
            await("Prometheus ready")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Prometheus exited: " + server.log());
                        }
                        return server.status("/-/ready") == 200;
                    });
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** The result vector of an instant PromQL query, as Prometheus's API returns it ({@code data.result}). */
    public JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (!"success".equals(answer.path("status").asText())) {
            throw new AssertionError("Prometheus refused " + promql + ": " + answer);
        }
        return answer.path("data").path("result");
    }

    /** The value of a query's only sample, if it has one. */
    public Optional<Double> value(String promql) {
        JsonNode result = query(promql);
        if (result.size() > 1) {
            throw new AssertionError(promql + " gave " + result.size() + " samples: " + result);
        }
        return result.isEmpty()
                ? Optional.empty()
                : Optional.of(
                        Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }

    /** Whether Prometheus parses {@code promql} (its error otherwise), evaluating it once. */
    public Optional<String> parseError(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return "success".equals(answer.path("status").asText())
                ? Optional.empty()
                : Optional.of(answer.path("error").asText());
    }

    /** Prometheus's own view of its one target: {@code up}, {@code down} or {@code unknown}, and the last error. */
    public JsonNode target() {
        return get("/api/v1/targets").path("data").path("activeTargets").path(0);
    }

    /** What Prometheus has logged so far. */
    public String log() {
        try {
            return Files.readString(directory.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " from Prometheus failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private int status(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url + path))
                                    .timeout(Duration.ofSeconds(2))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
