package dev.sluice.benchmarks.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Validation of a 40-line script (three tables with watermarks and a windowed INSERT with a join) as 32 analysts type
 * it: every request changes one statement of the analyst's own script (the INSERT's filter on nine requests of ten,
 * the first table's rate on the tenth), as an editor sends it after a keystroke. Each side is a gateway started as its
 * own JVM with the same flags: this build, and a baseline checkout (e.g. main) when {@code --baseline DIR} names one.
 *
 * <ul>
 *   <li>Open loop: each analyst types one keystroke a second, whatever the answers take. A gateway that answers
 *       errors before lints ({@code ?lints=false}, answered with {@code "linted": false}) is asked that first and
 *       then, on its answer, for the lints, as the console does; the errors figure is the first answer's latency and
 *       the lints figure the time from the keystroke to the second. A gateway without it answers both in one.
 *       Each analyst names their editor ({@code ?editor=analyst-N}, ignored by a gateway that does not know it), so
 *       a keystroke's request still waiting when the analyst's next one comes may be answered {@code "superseded":
 *       true}: such answers are counted apart, not in the latencies, and not followed by a request for lints, as an
 *       editor drops them and shows the newer keystroke's answer instead. A request for lints answered
 *       {@code "linted": false} (lints not ready by its deadline) is counted as failed.
 *   <li>Closed loop: 32 clients, each sending its next keystroke's validation (with lints) as soon as the last is
 *       answered: validations per second.
 * </ul>
 *
 * Every answer must be a 200 with {@code "valid": true}. Prints a Markdown section on stdout; started by
 * {@code benchmarks/run validation}.
 */
public final class ValidationLatency {

    private static final int ANALYSTS = 32;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * How long each phase lasts, the baseline checkout if any, and whether the console's keystroke-to-feedback
     * benchmark ({@code console/test/bench.mjs}, Chromium) runs against each side during its open loop.
     */
    private record Plan(Duration warmUp, Duration duration, Path baseline, boolean console) {}

    /** Latencies in milliseconds, sorted. */
    private record Latencies(double[] millis) {

        static Latencies of(ConcurrentLinkedQueue<Long> nanos) {
            return new Latencies(
                    nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray());
        }

        double percentile(double p) {
            return millis.length == 0
                    ? Double.NaN
                    : millis[Math.min(millis.length - 1, Math.max(0, (int) Math.ceil(p * millis.length) - 1))];
        }
    }

    /** What one side measured. */
    private record Side(
            String name,
            boolean errorsFirst,
            Latencies errors,
            Latencies lints,
            long keystrokes,
            long superseded,
            long openLoopFailures,
            double closedPerSecond,
            Latencies closed,
            long closedFailures,
            String loadAverage,
            String console) {}

    private ValidationLatency() {}

    public static void main(String[] args) throws Exception {
        Plan plan = parse(args);
        Script script = new Script(readScript());
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
        List<Side> sides = new ArrayList<>();
        if (plan.baseline() != null) {
            sides.add(measure("baseline: " + plan.baseline(), plan.baseline(), plan, script));
        }
        sides.add(measure("this build", Path.of("").toAbsolutePath(), plan, script));
        report(System.out, plan, started, sides);
    }

    private static Side measure(String name, Path root, Plan plan, Script script) throws Exception {
        System.err.printf("Starting the gateway of %s...%n", root);
        try (GatewayProcess gateway = GatewayProcess.start(root)) {
            Client client = new Client(gateway.apiUrl(), gateway.token());
            AtomicLong[] keystrokes = new AtomicLong[ANALYSTS];
            Arrays.setAll(keystrokes, i -> new AtomicLong());
            JsonNode first = client.validate(script.typed(0, 0), false).join();
            if (!first.path("valid").asBoolean()) {
                throw new IllegalStateException("The benchmark script does not validate: " + first);
            }
            boolean errorsFirst = first.has("linted");
            System.err.printf("%s: warming up for %s, closed loop...%n", name, plan.warmUp());
            closedLoop(client, script, keystrokes, plan.warmUp());
            System.err.printf("%s: open loop for %s...%n", name, plan.duration());
            CompletableFuture<String> console = plan.console()
                    ? ConsoleBench.start(gateway.apiUrl(), gateway.token())
                    : CompletableFuture.completedFuture("");
            OpenLoop open = openLoop(client, script, keystrokes, plan.duration(), console, errorsFirst);
            System.err.printf("%s: closed loop for %s...%n", name, plan.duration());
            ClosedLoop closed = closedLoop(client, script, keystrokes, plan.duration());
            return new Side(
                    name,
                    errorsFirst,
                    Latencies.of(open.errors()),
                    Latencies.of(open.lints()),
                    open.keystrokes(),
                    open.superseded(),
                    open.failures(),
                    closed.perSecond(),
                    Latencies.of(closed.latencies()),
                    closed.failures(),
                    loadAverage(),
                    console.exceptionally(failure -> "The console's benchmark failed: " + failure.getMessage())
                            .join());
        }
    }

    private record OpenLoop(
            ConcurrentLinkedQueue<Long> errors,
            ConcurrentLinkedQueue<Long> lints,
            long keystrokes,
            long superseded,
            long failures) {}

    /**
     * Each analyst types one keystroke a second, their start spread over the first second; a keystroke's validation is
     * sent on time whether or not the last one was answered, and its latency counted from then. Lasts at least
     * {@code duration}, and until {@code alongside} (the console's benchmark) is done.
     */
    private static OpenLoop openLoop(
            Client client,
            Script script,
            AtomicLong[] keystrokes,
            Duration duration,
            CompletableFuture<String> alongside,
            boolean errorsFirst)
            throws InterruptedException {
        ConcurrentLinkedQueue<Long> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> lints = new ConcurrentLinkedQueue<>();
        LongAdder failures = new LongAdder();
        LongAdder superseded = new LongAdder();
        LongAdder sent = new LongAdder();
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        long periodNanos = TimeUnit.SECONDS.toNanos(1);
        for (int analyst = 0; analyst < ANALYSTS; analyst++) {
            int who = analyst;
            timer.scheduleAtFixedRate(
                    () -> {
                        long keystroke = keystrokes[who].incrementAndGet();
                        String sql = script.typed(who, keystroke);
                        String editor = "analyst-" + who;
                        long pressed = System.nanoTime();
                        sent.increment();
                        CompletableFuture<?> answered = client.validate(sql, !errorsFirst, editor)
                                .thenCompose(report -> {
                                    long now = System.nanoTime();
                                    if (report.path("superseded").asBoolean()) {
                                        superseded.increment();
                                        return CompletableFuture.completedFuture(report);
                                    }
                                    if (!report.path("valid").asBoolean()) {
                                        failures.increment();
                                    }
                                    errors.add(now - pressed);
                                    if (!errorsFirst) {
                                        lints.add(now - pressed);
                                        return CompletableFuture.completedFuture(report);
                                    }
                                    return client.validate(sql, true, editor).thenApply(full -> {
                                        if (full.path("superseded").asBoolean()) {
                                            superseded.increment();
                                            return full;
                                        }
                                        if (!full.path("valid").asBoolean()
                                                || !full.path("linted").asBoolean()) {
                                            failures.increment();
                                        }
                                        lints.add(System.nanoTime() - pressed);
                                        return full;
                                    });
                                })
                                .exceptionally(failure -> {
                                    failures.increment();
                                    return null;
                                });
                        inFlight.add(answered);
                    },
                    who * periodNanos / ANALYSTS,
                    periodNanos,
                    TimeUnit.NANOSECONDS);
        }
        Thread.sleep(duration.toMillis());
        alongside.exceptionally(failure -> "").join();
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                .orTimeout(2, TimeUnit.MINUTES)
                .join();
        return new OpenLoop(errors, lints, sent.sum(), superseded.sum(), failures.sum());
    }

    private record ClosedLoop(double perSecond, ConcurrentLinkedQueue<Long> latencies, long failures) {}

    /** {@code ANALYSTS} clients send their next keystroke's validation (with lints) as soon as the last is answered. */
    private static ClosedLoop closedLoop(Client client, Script script, AtomicLong[] keystrokes, Duration duration)
            throws Exception {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        LongAdder failures = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(ANALYSTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int analyst = 0; analyst < ANALYSTS; analyst++) {
                int who = analyst;
                clients.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        String sql = script.typed(who, keystrokes[who].incrementAndGet());
                        long before = System.nanoTime();
                        try {
                            JsonNode report = client.validate(sql, true).join();
                            if (!report.path("valid").asBoolean()) {
                                failures.increment();
                            }
                        } catch (RuntimeException e) {
                            failures.increment();
                        }
                        latencies.add(System.nanoTime() - before);
                    }
                    return null;
                }));
            }
            for (Future<?> each : clients) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new ClosedLoop(latencies.size() / seconds, latencies, failures.sum());
    }

    /** The 40-line script as one analyst has typed it after a number of keystrokes. */
    private record Script(String text) {

        private static final String RATE = "'rows-per-second' = '1000'";
        private static final String FILTER = "WHERE o.amount > 0";

        Script {
            if (!text.contains(RATE) || !text.contains(FILTER)) {
                throw new IllegalStateException("The benchmark script lost the parts it types into");
            }
        }

        /**
         * Exactly one statement differs from the previous keystroke's: the first table's rate on every tenth
         * keystroke, else the INSERT's filter. Each analyst's numbers are their own, so no two analysts share a text.
         */
        String typed(int analyst, long keystroke) {
            long tenths = keystroke / 10;
            long rate = 1000L + analyst * 1_000_000L + tenths;
            long filter = analyst * 1_000_000L + keystroke - tenths;
            return text.replace(RATE, "'rows-per-second' = '" + rate + "'")
                    .replace(FILTER, "WHERE o.amount > " + filter);
        }
    }

    /** Posts validations to one gateway. */
    private static final class Client {

        private final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI full;
        private final URI errorsOnly;
        private final String token;

        Client(String apiUrl, String token) {
            this.full = URI.create(apiUrl + "/api/v1/statements:validate");
            this.errorsOnly = URI.create(apiUrl + "/api/v1/statements:validate?lints=false");
            this.token = token;
        }

        CompletableFuture<JsonNode> validate(String sql, boolean lints) {
            return validate(sql, lints, null);
        }

        /** A validation by the editor {@code editor} (null: none named). */
        CompletableFuture<JsonNode> validate(String sql, boolean lints, String editor) {
            URI uri = lints ? full : errorsOnly;
            if (editor != null) {
                uri = URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "editor=" + editor);
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            MAPPER.createObjectNode().put("sql", sql).toString()))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                }
                try {
                    return MAPPER.readTree(response.body());
                } catch (IOException e) {
                    throw new IllegalStateException("Not JSON: " + response.body(), e);
                }
            });
        }
    }

    private static String loadAverage() throws IOException {
        return String.join(
                " ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }

    private static void report(PrintStream out, Plan plan, ZonedDateTime started, List<Side> sides) throws IOException {
        out.printf("## Validation latency as 32 analysts type (%s)%n%n", started.toLocalDate());
        out.printf(
                "`benchmarks/run validation --warmup %d --duration %d%s%s`: the 40-line script of"
                        + " `benchmarks/src/main/resources/forty-line-script.sql`, one statement changed per request;"
                        + " started %s UTC; %d cores, %s %s.%n%n",
                plan.warmUp().toSeconds(),
                plan.duration().toSeconds(),
                plan.baseline() == null ? "" : " --baseline " + plan.baseline(),
                plan.console() ? " --console" : "",
                started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
        out.println("| side | errors first | open loop: keystrokes | superseded | errors p50 ms | errors p99 ms"
                + " | lints p50 ms | lints p99 ms | failed | closed loop: validations/s | p50 ms | p99 ms | failed"
                + " | load average after |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Side side : sides) {
            out.printf(
                    "| %s | %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %.1f | %.1f | %.1f | %d | %s |%n",
                    side.name(),
                    side.errorsFirst() ? "yes" : "no",
                    side.keystrokes(),
                    side.superseded(),
                    side.errors().percentile(0.50),
                    side.errors().percentile(0.99),
                    side.lints().percentile(0.50),
                    side.lints().percentile(0.99),
                    side.openLoopFailures(),
                    side.closedPerSecond(),
                    side.closed().percentile(0.50),
                    side.closed().percentile(0.99),
                    side.closedFailures(),
                    side.loadAverage());
        }
        for (Side side : sides) {
            if (!side.console().isBlank()) {
                out.printf(
                        "%nThe console's benchmark (`console/test/bench.mjs`) against %s during its open loop:%n%n%s%n",
                        side.name(), side.console().strip());
            }
        }
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
        Path baseline = null;
        boolean console = false;
        for (int i = 0; i < args.length; i += 2) {
            if (args[i].equals("--console")) {
                console = true;
                i--;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--warmup" -> warmUp = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                case "--baseline" -> baseline = Path.of(args[i + 1]).toAbsolutePath();
                default ->
                    throw new IllegalArgumentException("Unknown option " + args[i]
                            + "; known: --warmup S, --duration S, --baseline DIR, --console");
            }
        }
        return new Plan(warmUp, duration, baseline, console);
    }
}
