package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long an analyst waits for one statement test case (issue 23; target p50 under 2 s on 2 cores): a small TUMBLE
 * case and an interval-join case sent to {@code POST /api/v1/statements:test} of one warm embedded gateway, in turn,
 * each answer checked to have passed. Beside them, {@code statements:validate} of the same scripts, which the console
 * runs as the analyst types: what a test costs on top of checking the SQL.
 */
public final class StatementTestLatency {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Clicks counted per user in 10-second windows; the third click is late and dropped. */
    static final String TUMBLE = """
            {"sql": "CREATE TABLE clicks (user_id STRING, url STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');\\nCREATE TABLE counts (user_id STRING, window_start TIMESTAMP(3), clicks BIGINT) WITH ('connector' = 'blackhole');\\nINSERT INTO counts SELECT user_id, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY user_id, window_start, window_end",
             "inputs": {"clicks": [
               {"user_id": "u1", "url": "/home", "ts": "2026-12-07T10:00:01"},
               {"user_id": "u2", "url": "/home", "ts": "2026-12-07T10:00:04"},
               {"user_id": "u1", "url": "/cart", "ts": "2026-12-07T10:00:12"},
               {"user_id": "u1", "url": "/late", "ts": "2026-12-07T10:00:05"}]},
             "expected": [
               {"user_id": "u1", "window_start": "2026-12-07T10:00:00", "clicks": 1},
               {"user_id": "u2", "window_start": "2026-12-07T10:00:00", "clicks": 1},
               {"user_id": "u1", "window_start": "2026-12-07T10:00:10", "clicks": 1}]}
            """;

    /** Orders joined with their shipments within 10 s; o3 arrives out of order, within the delay, and still joins. */
    static final String INTERVAL_JOIN = """
            {"sql": "CREATE TABLE orders (order_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');\\nCREATE TABLE shipments (order_id STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'datagen');\\nSELECT o.order_id, s.ts AS shipped FROM orders o JOIN shipments s ON o.order_id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '10' SECOND",
             "inputs": {
               "orders": [{"order_id": "o1", "ts": "2026-12-07T10:00:00"}, {"order_id": "o2", "ts": "2026-12-07T10:00:08"},
                          {"order_id": "o3", "ts": "2026-12-07T10:00:04"}],
               "shipments": [{"order_id": "o1", "ts": "2026-12-07T10:00:05"}, {"order_id": "o3", "ts": "2026-12-07T10:00:09"},
                             {"order_id": "o2", "ts": "2026-12-07T10:00:30"}]},
             "expected": [{"order_id": "o1", "shipped": "2026-12-07T10:00:05"},
                          {"order_id": "o3", "shipped": "2026-12-07T10:00:09"}]}
            """;

    private StatementTestLatency() {}

    public static void main(String[] args) throws Exception {
        int warmup = 5;
        int runs = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown flag " + args[i] + "; --warmup N --runs N");
            }
        }
        Map<String, ObjectNode> cases =
                Map.of("TUMBLE", (ObjectNode) MAPPER.readTree(TUMBLE), "interval join", (ObjectNode)
                        MAPPER.readTree(INTERVAL_JOIN));
        List<String> names = List.of("TUMBLE", "interval join");
        try (TempDir dataDir = TempDir.create("sluice-bench-statement-tests-");
                SluiceServer server = SluiceServer.start(Configuration.fromMap(Map.of(
                        SluiceOptions.DATA_DIR.key(), dataDir.path().toString(),
                        SluiceOptions.API_PORT.key(), "0",
                        SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                        SluiceOptions.PG_PORT.key(), "0")))) {
            ApiClient api = new ApiClient(
                    server.apiUrl(), Files.readString(server.adminTokenFile()).strip());
            Map<String, List<Double>> tests = Map.of("TUMBLE", new ArrayList<>(), "interval join", new ArrayList<>());
            Map<String, List<Double>> validations =
                    Map.of("TUMBLE", new ArrayList<>(), "interval join", new ArrayList<>());
            for (int run = -warmup; run < runs; run++) {
                for (String name : names) {
                    ObjectNode request = cases.get(name);
                    double tested = timed(api, "/api/v1/statements:test", request, "passed");
                    ObjectNode validate = MAPPER.createObjectNode().set("sql", request.get("sql"));
                    double validated = timed(api, "/api/v1/statements:validate", validate, "valid");
                    Progress.say(
                            "statement-tests run %d, %s: test %.0f ms, validate %.0f ms%s",
                            run, name, tested, validated, run < 0 ? " (warm-up)" : "");
                    if (run >= 0) {
                        tests.get(name).add(tested);
                        validations.get(name).add(validated);
                    }
                }
            }
            Machine machine = Machine.now();
            System.out.printf("## Statement tests: time to run one case%n%n");
            System.out.printf(
                    "%d warm-up rounds, %d measured runs of each case, in turn, on one embedded gateway.%n",
                    warmup, runs);
            System.out.printf(
                    "Machine: %d cores (%s), %s, %s, load %s.%n%n",
                    machine.cores(), machine.processor(), machine.memory(), machine.java(), machine.loadAverage());
            System.out.printf("| case | call | p50, ms | p90, ms | min, ms | max, ms |%n|---|---|---|---|---|---|%n");
            for (String name : names) {
                row(name, "statements:test", tests.get(name));
                row(name, "statements:validate of its script", validations.get(name));
            }
        }
    }

    private static void row(String name, String call, List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.0f | %.0f | %.0f | %.0f |%n",
                name,
                call,
                percentile(sorted, 50),
                percentile(sorted, 90),
                sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile of a sorted sample. */
    static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double timed(ApiClient api, String path, JsonNode body, String passedField) throws IOException {
        long start = System.nanoTime();
        ApiClient.Response response = api.post(path, body);
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.status() != 200 || !response.body().path(passedField).asBoolean()) {
            throw new IOException(path + " did not pass: " + response.status() + " " + response.body());
        }
        return millis;
    }
}
