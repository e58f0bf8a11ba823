package dev.sluice.demo;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.tests.harness.KafkaBroker;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Everything {@code ./sluice demo} runs: a Kafka broker (its own JVM, 127.0.0.1), the gateway with its embedded
 * defaults, an event generator, and the tables and windowed job of {@code demo.sql}. {@link #close()} stops them in
 * reverse order and deletes the work directory, so nothing is left running or listening.
 */
public final class Demo implements AutoCloseable {

    /** What the demo tells a user to run to watch the windows; the demo's test runs exactly this. */
    public static final String WATCH_QUERY =
            "SELECT window_start, window_end, title, impressions, plays, users FROM title_minutes";

    /** Ports 0 pick free ones; {@code workDir} is deleted by {@link #close()}. */
    public record Settings(int apiPort, int flinkPort, int pgPort, int impressionsPerSecond, Path workDir) {
        public Settings {
            requireNonNull(workDir, "workDir is null");
            if (impressionsPerSecond < 1) {
                throw new IllegalArgumentException(
                        "impressionsPerSecond must be at least 1, not " + impressionsPerSecond);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final Path workDir;
    private KafkaBroker broker;
    private SluiceServer server;
    private EventGenerator generator;
    private ApiClient api;
    private String token;

    private Demo(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts every part, reporting each step on {@code progress}; stops what it started if a step fails. */
    public static Demo start(Settings settings, PrintStream progress) throws Exception {
        Demo demo = new Demo(settings.workDir());
        try {
            demo.startParts(settings, progress);
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private void startParts(Settings settings, PrintStream progress) throws Exception {
        progress.println("sluice demo: starting a Kafka broker (KRaft, its own JVM) ...");
        broker = KafkaBroker.start(workDir.resolve("kafka"));
        // All three before any job: a Kafka source finds a topic's partitions when it starts (and then only every
        // few minutes), so a watcher started before the job's first write would wait that long.
        for (String topic : List.of("impressions", "plays", "title-minutes")) {
            broker.createTopic(topic, 1);
        }
        progress.println("sluice demo: starting the gateway ...");
        // One task per operator: the topics have one partition each, and a second source task would have none and
        // hold every window's watermark back.
        server = SluiceServer.start(Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), workDir.resolve("gateway").toString(),
                SluiceOptions.API_PORT.key(), String.valueOf(settings.apiPort()),
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), String.valueOf(settings.flinkPort()),
                SluiceOptions.PG_PORT.key(), String.valueOf(settings.pgPort()),
                CoreOptions.DEFAULT_PARALLELISM.key(), "1")));
        token = Files.readString(server.adminTokenFile()).strip();
        api = new ApiClient(server.apiUrl(), token);
        // A local broker is an internal host: no tenant reaches one until an admin allows it, as here for the demo's.
        ApiClient.Response allowed =
                api.post("/api/v1/tenants/default/hosts", "{\"host\": \"" + broker.bootstrapServers() + "\"}");
        if (allowed.status() != 200) {
            throw new IllegalStateException("Allowing the demo's broker failed: " + allowed.body());
        }
        progress.printf(
                "sluice demo: sending %d impressions/s (and about a third as many plays) ...%n",
                settings.impressionsPerSecond());
        generator = EventGenerator.start(broker.bootstrapServers(), settings.impressionsPerSecond());
        progress.println("sluice demo: creating the tables and submitting the windowed job ...");
        api.run(null, setupScript());
    }

    /** {@code demo.sql} for this broker. */
    public String setupScript() {
        try (InputStream in = requireNonNull(Demo.class.getResourceAsStream("demo.sql"), "demo.sql is missing")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${KAFKA_BOOTSTRAP}", broker.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ApiClient api() {
        return api;
    }

    public String token() {
        return token;
    }

    public String apiUrl() {
        return server.apiUrl();
    }

    public String flinkEndpointUrl() {
        return server.flinkEndpointUrl();
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    public long eventsSent() {
        return generator.sent();
    }

    @Override
    public void close() {
        if (generator != null) {
            generator.close();
        }
        if (server != null) {
            // Cancels the demo's jobs with the embedded cluster.
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
        deleteWorkDir();
    }

    private void deleteWorkDir() {
        if (!Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete the demo's work directory {}", workDir, e);
        }
    }
}
