package dev.sluice.benchmarks.udf;

import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.js.JavaScriptLanguage;
import dev.sluice.udf.js.JsSandbox;
import dev.sluice.udf.js.JsScalarFunction;
import dev.sluice.udf.net.OutboundRules;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.functions.UserDefinedFunction;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows/s of one INSERT (datagen → f(s) → blackhole, parallelism 1) with the same string normalization as a Java UDF,
 * as a JavaScript UDF (built the way the catalog builds it) and as no UDF, the three sides interleaved in each round
 * of one run on one local cluster; then the heap one JavaScript function context costs a task. Prints Markdown.
 */
public final class UdfThroughput {

    private static final String JS =
            "function normalize(s) { return s === null ? null : s.trim().replace(/\\s+/g, ' ').toLowerCase(); }";

    private UdfThroughput() {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        long rows = 2_000_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown flag " + args[i] + "; flags: --rounds N --rows N");
            }
        }
        PrintStream out = System.out;
        String runtime = JsSandbox.shared().runtimeName();
        Configuration config = new Configuration();
        config.setString("parallelism.default", "1");
        TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(config)
                .build());
        tables.createTemporarySystemFunction("norm_java", new NormalizeJava());
        tables.createTemporarySystemFunction("norm_js", javaScriptFunction());
        tables.executeSql("CREATE TEMPORARY TABLE src (s STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '"
                + rows + "', 'rows-per-second' = '100000000', 'fields.s.length' = '24')");
        tables.executeSql("CREATE TEMPORARY TABLE sink (s STRING) WITH ('connector' = 'blackhole')");

        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put("no UDF", new ArrayList<>());
        rates.put("Java UDF", new ArrayList<>());
        rates.put("JavaScript UDF", new ArrayList<>());
        Map<String, String> queries = Map.of("no UDF", "s", "Java UDF", "norm_java(s)", "JavaScript UDF", "norm_js(s)");
        // Round 0 warms up the JIT and the Truffle compiler and is not reported.
        for (int round = 0; round <= rounds; round++) {
            for (String side : rates.keySet()) {
                long millis = tables.executeSql("INSERT INTO sink SELECT " + queries.get(side) + " FROM src")
                        .getJobClient()
                        .orElseThrow()
                        .getJobExecutionResult()
                        .get()
                        .getNetRuntime();
                double perSecond = rows * 1000.0 / millis;
                System.err.printf("round %d %s: %.0f rows/s%n", round, side, perSecond);
                if (round > 0) {
                    rates.get(side).add(perSecond);
                }
            }
        }
        double javaMedian = median(rates.get("Java UDF"));
        out.printf("# JavaScript UDF throughput, %s%n%n", LocalDate.now());
        out.printf(
                "%d cores, %s %s, Truffle runtime: %s; load average: %s%n%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                runtime,
                loadAverage());
        out.printf(
                "`INSERT INTO blackhole SELECT f(s) FROM datagen` (%,d rows of 24 characters, parallelism 1), %d rounds after a warm-up round%n%n",
                rows, rounds);
        out.println("| side | rows/s: min / median / max | median vs Java UDF |");
        out.println("|---|---|---|");
        for (Map.Entry<String, List<Double>> side : rates.entrySet()) {
            List<Double> sorted = side.getValue().stream().sorted().toList();
            out.printf(
                    "| %s | %,.0f / %,.0f / %,.0f | %.2f |%n",
                    side.getKey(),
                    sorted.get(0),
                    median(sorted),
                    sorted.get(sorted.size() - 1),
                    median(sorted) / javaMedian);
        }
        out.printf(
                "%nHeap per JavaScript function context (one per task): %.1f MiB (20 contexts, after GC)%n",
                contextMiB());
        System.exit(0);
    }

    private static UserDefinedFunction javaScriptFunction() throws Exception {
        FunctionSignature signature =
                new FunctionSignature(List.of(new FunctionSignature.Parameter("s", "STRING")), "STRING");
        FunctionDefinition definition = new FunctionDefinition(
                "default", "norm_js", FunctionKind.SCALAR, Language.JAVASCRIPT, signature, "bench", "", false);
        FunctionVersion version = new FunctionVersion(
                1, signature, FunctionPayload.source("normalize", JS), "bench", Instant.now(), "bench");
        Path scratch = Files.createTempDirectory("sluice-udf-bench");
        return new JavaScriptLanguage()
                .instantiate(
                        definition,
                        version,
                        new FunctionContext(
                                UdfThroughput.class.getClassLoader(),
                                scratch,
                                (tenant, name) -> Optional.empty(),
                                OutboundRules.INTERNAL_DENIED));
    }

    /** Heap growth, after GC, of 20 open function instances (each with its own context) divided by 20. */
    private static double contextMiB() throws Exception {
        List<JsScalarFunction> open = new ArrayList<>();
        long before = usedAfterGc();
        for (int i = 0; i < 20; i++) {
            JsScalarFunction function = (JsScalarFunction) javaScriptFunction();
            // Without a runtime context Flink hands out an unregistered metric group.
            function.open(new org.apache.flink.table.functions.FunctionContext(null));
            for (int call = 0; call < 1000; call++) {
                function.eval("  A  b " + call);
            }
            open.add(function);
        }
        long after = usedAfterGc();
        for (JsScalarFunction function : open) {
            function.close();
        }
        return (after - before) / 20.0 / (1024 * 1024);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() throws Exception {
        return String.join(
                " ",
                List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }
}
