package dev.sluice.benchmarks.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Validation latency of a 40-line script (three tables with watermarks and a windowed INSERT) on a warm gateway in
 * this JVM, at 1 and at 32 concurrent clients for a fixed time each, next to the floor: the same script parsed and
 * validated by plain Flink in a fresh TableEnvironment, which is what a scratch session costs at least. Prints a
 * Markdown section on stdout; started by {@code benchmarks/run validation}.
 */
public final class ValidationLatency {

    private static final List<Integer> CLIENTS = List.of(1, 32);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How long to warm up and to measure each concurrency. */
    private record Plan(Duration warmUp, Duration duration) {}

    /** What one fixed-time run measured; latencies in milliseconds, sorted. */
    private record Run(String side, int clients, double[] millis, long failures, Duration elapsed) {

        double percentile(double p) {
            return millis.length == 0
                    ? Double.NaN
                    : millis[Math.min(millis.length - 1, (int) Math.ceil(p * millis.length) - 1)];
        }

        String row() {
            return String.format(
                    "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %d |",
                    side,
                    clients,
                    millis.length,
                    percentile(0.50),
                    percentile(0.99),
                    millis.length == 0 ? Double.NaN : millis[millis.length - 1],
                    millis.length / (elapsed.toNanos() / 1e9),
                    failures);
        }
    }

    /** One timed call: true when it gave the expected answer. */
    private interface Call {
        boolean call() throws Exception;
    }

    private ValidationLatency() {}

    public static void main(String[] args) throws Exception {
        Plan plan = parse(args);
        String script = readScript();
        String body = MAPPER.createObjectNode().put("sql", script).toString();
        PrintStream out = System.out;
        Path dataDir = Files.createTempDirectory("sluice-validation-bench-");
        try (SluiceServer server = SluiceServer.start(Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dataDir.toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0")))) {
            String token = Files.readString(server.adminTokenFile()).strip();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.apiUrl() + "/api/v1/statements:validate"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            Call validate = () -> {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200
                        && MAPPER.readTree(response.body()).path("valid").asBoolean();
            };
            JsonNode first = MAPPER.readTree(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            if (!first.path("valid").asBoolean()) {
                throw new IllegalStateException("The benchmark script does not validate: " + first);
            }
            System.err.printf("Warming up for %s at %d clients...%n", plan.warmUp(), CLIENTS.get(CLIENTS.size() - 1));
            measure("warm-up", CLIENTS.get(CLIENTS.size() - 1), plan.warmUp(), validate);

            List<Run> runs = new ArrayList<>();
            for (int clients : CLIENTS) {
                System.err.printf("Measuring %s at %d clients...%n", plan.duration(), clients);
                runs.add(measure("Sluice `:validate`", clients, plan.duration(), validate));
            }
            System.err.printf("Measuring plain Flink for %s...%n", plan.duration());
            runs.add(measure("plain Flink, fresh TableEnvironment", 1, plan.duration(), () -> plainFlink(script)));
            report(out, plan, runs);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** {@code clients} threads call back to back until the time is up; every latency is kept. */
    private static Run measure(String side, int clients, Duration duration, Call call) throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        LongAdder failures = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Long>>> perClient = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                perClient.add(pool.submit(() -> {
                    List<Long> nanos = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long before = System.nanoTime();
                        boolean ok = call.call();
                        nanos.add(System.nanoTime() - before);
                        if (!ok) {
                            failures.increment();
                        }
                    }
                    return nanos;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> client : perClient) {
                all.addAll(client.get());
            }
            double[] millis =
                    all.stream().mapToDouble(nanos -> nanos / 1e6).sorted().toArray();
            return new Run(side, clients, millis, failures.sum(), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The floor: what any scratch session costs, without the gateway, HTTP, the store or a session manager. */
    private static boolean plainFlink(String script) {
        TableEnvironmentInternal tableEnv =
                (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        String[] statements = script.split(";\\s*(\\n|$)");
        for (int i = 0; i < statements.length - 1; i++) {
            tableEnv.executeSql(statements[i]);
        }
        return tableEnv.getParser().parse(statements[statements.length - 1]).size() == 1;
    }

    private static void report(PrintStream out, Plan plan, List<Run> runs) throws IOException {
        String load = String.join(
                " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        out.printf("## Validation latency (%s)%n%n", LocalDate.now());
        out.printf(
                "`benchmarks/run validation --warmup %d --duration %d`: the 40-line script of"
                        + " `benchmarks/src/main/resources/forty-line-script.sql`, %d s per row after a %d s warm-up;"
                        + " %d cores, %s %s; load average after: %s.%n%n",
                plan.warmUp().toSeconds(),
                plan.duration().toSeconds(),
                plan.duration().toSeconds(),
                plan.warmUp().toSeconds(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                load);
        out.println("| side | clients | calls | p50 ms | p99 ms | max ms | calls/s | failed |");
        out.println("|---|---|---|---|---|---|---|---|");
        runs.forEach(run -> out.println(run.row()));
    }

    private static String readScript() throws IOException {
        try (InputStream in = ValidationLatency.class.getResourceAsStream("/forty-line-script.sql")) {
            if (in == null) {
                throw new IllegalStateException("forty-line-script.sql is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Plan parse(String[] args) {
        Duration warmUp = Duration.ofSeconds(15);
        Duration duration = Duration.ofSeconds(30);
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--warmup" -> warmUp = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                default ->
                    throw new IllegalArgumentException(
                            "Unknown option " + args[i] + "; known: --warmup S, --duration S");
            }
        }
        return new Plan(warmUp, duration);
    }
}
