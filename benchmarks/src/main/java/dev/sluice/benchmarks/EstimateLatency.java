package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.calibration.CostProfile;
import dev.sluice.estimate.model.SourceHints;
import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.pipeline.plan.PlannedStatement;
import dev.sluice.gateway.pipeline.plan.StatementPlanner;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.pipeline.statement.StatementKind;
import dev.sluice.gateway.pipeline.statement.ValidatedStatement;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.ModifyOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What estimating adds to validating: the same 40-line script sent to {@code statements:validate} and to
 * {@code statements:estimate} (which validates, plans and estimates) on one warm gateway, alternately, so both sides
 * see the same machine load. Reports each side's latency and the per-pair difference, and the estimator's own work
 * in process (which the HTTP difference holds, under the noise of validation's timing). Target (issue 5): at most
 * 50 ms added.
 */
public final class EstimateLatency {

    /** Three sources, and a HOP COUNT(DISTINCT), an interval join, a regular join with TTL, a dedup and a top-N. */
    static final String SCRIPT = String.join(
            "\n",
            "CREATE TABLE clicks (",
            "  user_id INT, item_id INT, url STRING, ts TIMESTAMP(3),",
            "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND",
            ") WITH (",
            "  'connector' = 'datagen', 'rows-per-second' = '1000',",
            "  'fields.user_id.min' = '1', 'fields.user_id.max' = '10000',",
            "  'fields.item_id.min' = '1', 'fields.item_id.max' = '500'",
            ");",
            "CREATE TABLE orders (",
            "  order_id BIGINT, user_id INT, amount DOUBLE, ts TIMESTAMP(3),",
            "  WATERMARK FOR ts AS ts - INTERVAL '10' SECOND",
            ") WITH ('connector' = 'datagen', 'rows-per-second' = '200');",
            "CREATE TABLE users (user_id INT, country STRING) WITH ('connector' = 'datagen');",
            "CREATE TABLE out_hop (user_id INT, ws TIMESTAMP(3), items BIGINT) WITH ('connector' = 'blackhole');",
            "CREATE TABLE out_join (user_id INT, amount DOUBLE, url STRING) WITH ('connector' = 'blackhole');",
            "INSERT INTO out_hop",
            "SELECT user_id, window_start, COUNT(DISTINCT item_id)",
            "FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))",
            "GROUP BY user_id, window_start, window_end;",
            "INSERT INTO out_join",
            "SELECT o.user_id, o.amount, c.url",
            "FROM orders o JOIN clicks c",
            "  ON o.user_id = c.user_id",
            "  AND c.ts BETWEEN o.ts - INTERVAL '10' MINUTE AND o.ts;",
            "SELECT /*+ STATE_TTL('o' = '1h', 'u' = '1d') */ u.country, SUM(o.amount)",
            "FROM orders o JOIN users u ON o.user_id = u.user_id",
            "GROUP BY u.country;",
            "SELECT user_id, url FROM (",
            "  SELECT *, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts ASC) AS rn",
            "  FROM clicks",
            ") WHERE rn = 1;",
            "SELECT user_id, item_id, amount FROM (",
            "  SELECT c.user_id, c.item_id, o.amount,",
            "    ROW_NUMBER() OVER (PARTITION BY c.item_id ORDER BY o.amount DESC) AS rn",
            "  FROM clicks c JOIN orders o ON c.user_id = o.user_id",
            ") WHERE rn <= 3;",
            "SELECT url, COUNT(*) FROM clicks WHERE url LIKE 'a%' GROUP BY url;",
            "SELECT user_id FROM clicks",
            "WHERE item_id > 100",
            "  AND url IS NOT NULL;");

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode validate = mapper.createObjectNode().put("sql", SCRIPT);
        ObjectNode estimate = mapper.createObjectNode().put("sql", SCRIPT);
        estimate.putObject("rates")
                .putObject("clicks")
                .put("eventsPerSecond", 5000)
                .putObject("distinctKeys")
                .put("url", 2000);
        try (TempDir dataDir = TempDir.create("sluice-bench-estimate-");
                SluiceServer server = SluiceServer.start(Configuration.fromMap(Map.of(
                        SluiceOptions.DATA_DIR.key(), dataDir.path().toString(),
                        SluiceOptions.API_PORT.key(), "0",
                        SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                        SluiceOptions.PG_PORT.key(), "0",
                        // A busy shared machine can take longer than the default 10 s for the first rounds; a timed-out
                        // round would measure the timeout, not the work.
                        SluiceOptions.VALIDATION_TIMEOUT.key(), "5 min")))) {
            ApiClient api = new ApiClient(
                    server.apiUrl(), Files.readString(server.adminTokenFile()).strip());
            List<Double> validations = new ArrayList<>();
            List<Double> estimations = new ArrayList<>();
            List<Double> added = new ArrayList<>();
            int statements = 0;
            for (int round = -warmup; round < rounds; round++) {
                double validated = timed(api, "/api/v1/statements:validate", validate);
                long start = System.nanoTime();
                ApiClient.Response answer = api.post("/api/v1/statements:estimate", estimate);
                double estimated = (System.nanoTime() - start) / 1e6;
                if (answer.status() != 200 || !answer.body().get("valid").asBoolean()) {
                    throw new IllegalStateException("The benchmark script did not estimate: " + answer.body());
                }
                statements = answer.body().get("statements").size();
                Progress.say(
                        "estimate round %d: validate %.1f ms, estimate %.1f ms%s",
                        round, validated, estimated, round < 0 ? " (warm-up)" : "");
                if (round >= 0) {
                    validations.add(validated);
                    estimations.add(estimated);
                    added.add(estimated - validated);
                }
            }
            Machine machine = Machine.now();
            System.out.printf("## Estimation on top of validation%n%n");
            System.out.printf(
                    "Script: %d lines, %d planned statements; %d warm-up pairs, %d measured pairs.%n",
                    SCRIPT.lines().count(), statements, warmup, rounds);
            System.out.printf(
                    "Machine: %d cores, %s, %s, load %s.%n%n",
                    machine.cores(), machine.memory(), machine.java(), machine.loadAverage());
            System.out.printf("| ms (min / median / max) | value |%n|---|---|%n");
            System.out.printf(
                    "| statements:validate | %s |%n", Stats.of(validations).format(1));
            System.out.printf(
                    "| statements:estimate | %s |%n", Stats.of(estimations).format(1));
            System.out.printf(
                    "| estimate - validate, per pair | %s |%n", Stats.of(added).format(1));
            Stats work = estimatorWork(hints(), 50, 500);
            System.out.printf(
                    "| the estimator alone (translate + model, all %d statements), in process | %s |%n",
                    statements, work.format(2));
        }
    }

    /**
     * The work estimation adds on the validation thread, without HTTP and without the noise of validation's own
     * timing: the script's plans are made once, as the gateway makes them, then translated and estimated repeatedly.
     */
    static Stats estimatorWork(Map<String, SourceHints> hints, int warmup, int rounds) {
        TableEnvironmentInternal env =
                (TableEnvironmentInternal) TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        StatementPlanner planner = new StatementPlanner();
        List<PlannedStatement> plans = new ArrayList<>();
        for (ScriptStatement statement : SqlScript.split(SCRIPT)) {
            Operation operation = env.getParser().parse(statement.sql()).get(0);
            if (operation instanceof ModifyOperation || operation instanceof QueryOperation) {
                StatementKind kind = operation instanceof QueryOperation ? StatementKind.QUERY : StatementKind.JOB;
                planner.plan(new ValidatedStatement(statement, operation, kind, env))
                        .ifPresent(plans::add);
            } else {
                env.executeSql(statement.sql());
            }
        }
        ResourceEstimator estimator = new ResourceEstimator(CostProfile.defaults());
        List<Double> millis = new ArrayList<>();
        for (int round = -warmup; round < rounds; round++) {
            long start = System.nanoTime();
            for (PlannedStatement plan : plans) {
                estimator.estimate(plan.optimizedRoots(), plan.config(), hints);
            }
            if (round >= 0) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return Stats.of(millis);
    }

    private static Map<String, SourceHints> hints() {
        return Map.of("clicks", new SourceHints(5000.0, null, Map.of("url", 2000L), null));
    }

    private static double timed(ApiClient api, String path, ObjectNode body) {
        long start = System.nanoTime();
        ApiClient.Response response = api.post(path, body);
        if (response.status() != 200) {
            throw new IllegalStateException(path + " answered " + response.status() + ": " + response.body());
        }
        return (System.nanoTime() - start) / 1e6;
    }
}
