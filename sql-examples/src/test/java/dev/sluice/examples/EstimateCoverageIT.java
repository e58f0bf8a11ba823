package dev.sluice.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.pipeline.statement.ScriptStatement;
import dev.sluice.gateway.pipeline.statement.SqlScript;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.HostGrants;
import dev.sluice.gateway.testing.LintCase;
import dev.sluice.gateway.testing.PolicyCase;
import dev.sluice.gateway.testing.SluiceServerExtension;
import dev.sluice.tests.eventtime.EventTimeCases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No query that Flink plans goes without an estimate: every script of the test suites' SQL files (the lints' triggers
 * and fixes, the policy cases after their setup, the event-time cases after theirs, and every example here with the
 * tables and functions of its folder) is sent to {@code POST /api/v1/statements:estimate}, and each of its queries,
 * INSERTs and statement sets must come back with an estimate, and the script with totals.
 * <p>
 * What legitimately has nothing to estimate, by rule: a statement that is not a query, an INSERT or a statement set
 * (DDL, SET, USE: they plan nothing); a script with no such statement, which must then say NOTHING_TO_ESTIMATE; and a
 * script refused before planning (an error diagnostic), which only the cases written to be refused (a lint that is an
 * error, a policy's denied case) may be. An example folder's {@code postgres-tables.sql} is PostgreSQL's own DDL,
 * run against the database and never sent to Sluice.
 */
class EstimateCoverageIT {

    // Planning dozens of scripts on a shared, busy machine can outlast the default validation timeout.
    @RegisterExtension
    static final SluiceServerExtension GATEWAY =
            new SluiceServerExtension(options -> options.set(SluiceOptions.VALIDATION_TIMEOUT, Duration.ofMinutes(2)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = Path.of(System.getProperty("sluice.examplesDir"));
    /** The tests module's event-time cases, read from the checkout as the examples are. */
    private static final Path EVENT_TIME_CASES = EXAMPLES.resolve(
                    "../tests/src/test/resources/" + EventTimeCases.RESOURCE_ROOT)
            .normalize();
    /** The statements that plan a job or a query; anything else is DDL or a command. */
    private static final Pattern PLANNED =
            Pattern.compile("(SELECT|WITH|INSERT|EXECUTE|VALUES|TABLE)\\b.*", Pattern.DOTALL);
    /** Placeholders of the examples: none is reached, as nothing runs. */
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "KAFKA_BOOTSTRAP", "127.0.0.1:9092",
            "POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/sluice",
            "POSTGRES_USER", "sluice",
            "POSTGRES_PASSWORD", "sluice",
            "SCHEMA", "public",
            "FROM_MILLIS", "0",
            "TO_MILLIS", "60000");

    /** Examples that run after another file's tables: its path to the other's, both under the examples' folder. */
    private static final Map<String, String> RUNS_AFTER =
            Map.of("router/router-isolated.sql", "router/router-statement-set.sql");

    /** One script to estimate, and whether it exists to be refused. */
    record Script(String sql, boolean mayBeRefused) {}

    @BeforeAll
    static void functionsOfTheExamples() throws IOException {
        // The examples' Kafka and PostgreSQL placeholders name loopback, which a tenant reaches only where allowed.
        HostGrants.allowLoopback(GATEWAY.api(), "default");
        LintCase.createFunctions(GATEWAY.api());
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path folder : files.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> definitions = Files.list(folder)) {
                    for (Path definition : definitions
                            .filter(file -> file.toString().endsWith(".json"))
                            .sorted()
                            .toList()) {
                        ObjectNode function = (ObjectNode) JSON.readTree(filled(Files.readString(definition)));
                        Path source =
                                definition.resolveSibling(function.get("name").asText() + ".js");
                        if (Files.exists(source)) {
                            function.put("source", Files.readString(source));
                        }
                        Response created = GATEWAY.api().post("/api/v1/functions", function);
                        assertThat(created.status())
                                .as(definition + ": " + created.body())
                                .isEqualTo(201);
                    }
                }
            }
        }
    }

    static Stream<Named<Script>> scripts() throws IOException {
        List<Named<Script>> scripts = new ArrayList<>();
        for (LintCase lint : LintCase.all()) {
            scripts.add(Named.of(
                    "lint " + lint.code() + " trigger", new Script(lint.trigger(), "error".equals(lint.severity()))));
            scripts.add(Named.of("lint " + lint.code() + " fix", new Script(lint.fix(), false)));
        }
        for (PolicyCase allowed : PolicyCase.allowed()) {
            scripts.add(Named.of(
                    "policy allowed " + allowed.name(),
                    new Script(PolicyCase.setupSql() + ";\n" + allowed.sql(), false)));
        }
        for (PolicyCase denied : PolicyCase.denied()) {
            scripts.add(Named.of(
                    "policy denied " + denied.name(), new Script(PolicyCase.setupSql() + ";\n" + denied.sql(), true)));
        }
        EventTimeCases.loadAll(EVENT_TIME_CASES)
                .forEach(eventTime -> scripts.add(Named.of(
                        "event time " + eventTime.name(),
                        new Script(
                                String.join(";\n", eventTime.setupStatements()) + ";\n" + eventTime.query(), false))));
        try (Stream<Path> files = Files.walk(EXAMPLES, 2)) {
            for (Path file :
                    files.filter(EstimateCoverageIT::isExample).sorted().toList()) {
                String sql = prelude(file) + Files.readString(file);
                scripts.add(Named.of(
                        "example " + EXAMPLES.relativize(file), new Script(filled(withoutRestore(sql)), false)));
            }
        }
        return scripts.stream();
    }

    @ParameterizedTest
    @MethodSource("scripts")
    void everyQueryAndJobGetsAnEstimate(Script script) {
        JsonNode response = estimate(script.sql());
        Set<String> codes = new TreeSet<>();
        response.get("diagnostics")
                .forEach(diagnostic -> codes.add(diagnostic.get("code").asText()));
        if (!response.get("valid").asBoolean()) {
            assertThat(script.mayBeRefused())
                    .as("refused, though it is not written to be: " + response.get("diagnostics"))
                    .isTrue();
            return;
        }
        List<Integer> planned = SqlScript.split(script.sql()).stream()
                .filter(EstimateCoverageIT::isPlanned)
                .map(ScriptStatement::line)
                .toList();
        if (planned.isEmpty()) {
            assertThat(codes).contains("NOTHING_TO_ESTIMATE");
            return;
        }
        assertThat(codes).as(response.toString()).doesNotContain("NOTHING_TO_ESTIMATE");
        List<Integer> estimated = new ArrayList<>();
        response.get("statements")
                .forEach(statement -> estimated.add(statement.get("line").asInt()));
        assertThat(estimated).as(response.toString()).containsAll(planned);
        JsonNode totals = response.get("totals");
        assertThat(totals.get("parallelism").asInt()).isPositive();
        assertThat(totals.get("cpuCores").asDouble()).isPositive();
        assertThat(totals.has("stateBytes")).isTrue();
    }

    @Test
    void theCorpusIsTheSuitesFiles() throws IOException {
        // A guard against a loader that silently finds nothing: 13 lints, 51 policy cases, 11 event-time cases and the
        // examples' scripts.
        List<Named<Script>> all = scripts().toList();
        assertThat(all)
                .filteredOn(script -> script.getName().startsWith("lint "))
                .hasSize(26);
        assertThat(all)
                .filteredOn(script -> script.getName().startsWith("policy "))
                .hasSizeGreaterThanOrEqualTo(51);
        assertThat(all)
                .filteredOn(script -> script.getName().startsWith("event time "))
                .hasSizeGreaterThanOrEqualTo(11);
        assertThat(all)
                .filteredOn(script -> script.getName().startsWith("example "))
                .hasSizeGreaterThanOrEqualTo(15);
    }

    @Test
    void aLegacySessionWindowGetsTotals() {
        JsonNode response = estimate("CREATE TABLE bids (bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3),"
                + " WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '1' SECOND)"
                + " WITH ('connector' = 'datagen', 'rows-per-second' = '5000');\n"
                + "SELECT bidder, SESSION_START(`dateTime`, INTERVAL '10' SECOND) AS starts, COUNT(*) AS bids FROM bids"
                + " GROUP BY bidder, SESSION(`dateTime`, INTERVAL '10' SECOND)");

        assertThat(response.get("valid").asBoolean()).as(response.toString()).isTrue();
        assertThat(response.get("diagnostics").toString()).doesNotContain("NOTHING_TO_ESTIMATE");
        assertThat(response.get("totals").get("cpuCores").asDouble()).isPositive();
        JsonNode statement = response.get("statements").get(0);
        assertThat(statement.get("line").asInt()).isEqualTo(2);
        JsonNode window = null;
        for (JsonNode operator : statement.get("estimate").get("operators")) {
            if (operator.get("kind").asText().equals("GROUP_WINDOW_AGGREGATE")) {
                window = operator;
            }
        }
        assertThat(window).as(statement.toString()).isNotNull();
        // 5000 rows/s over the default 1000 bidders with a 10 s gap: every bidder has an open session.
        assertThat(window.get("stateBytes").asLong()).isPositive();
        assertThat(window.get("assumptions").toString()).contains("SESSION(gap PT10S)");
    }

    @Test
    void aStatementSetIsOneJobWhoseInsertsShareTheirSource() {
        String tables = "CREATE TEMPORARY TABLE bids (bidder BIGINT, price BIGINT)"
                + " WITH ('connector' = 'datagen', 'rows-per-second' = '1000');\n"
                + "CREATE TEMPORARY TABLE high (bidder BIGINT, price BIGINT) WITH ('connector' = 'blackhole');\n"
                + "CREATE TEMPORARY TABLE low (bidder BIGINT, price BIGINT) WITH ('connector' = 'blackhole');\n";
        String inserts = "INSERT INTO high SELECT bidder, price FROM bids WHERE price > 10;\n"
                + "INSERT INTO low SELECT bidder, price FROM bids WHERE price <= 10;\n";
        for (String script : List.of(
                tables + "EXECUTE STATEMENT SET BEGIN\n" + inserts + "END",
                tables + "BEGIN STATEMENT SET;\n" + inserts + "END")) {
            JsonNode response = estimate(script);
            assertThat(response.get("valid").asBoolean())
                    .as(response.toString())
                    .isTrue();
            assertThat(response.get("totals").get("cpuCores").asDouble()).isPositive();
            List<String> kinds = new ArrayList<>();
            response.get("statements")
                    .forEach(statement -> statement
                            .get("estimate")
                            .get("operators")
                            .forEach(operator -> kinds.add(operator.get("kind").asText())));
            // Both INSERTs in one job read bids once and write two sinks.
            assertThat(kinds).as(response.toString()).containsOnlyOnce("SOURCE");
            assertThat(kinds.stream().filter("SINK"::equals)).hasSize(2);
        }
    }

    private static JsonNode estimate(String sql) {
        ObjectNode request = JSON.createObjectNode().put("sql", sql);
        Response response = GATEWAY.api().post("/api/v1/statements:estimate", request);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    /**
     * The DDL an example runs after, as its test runs it: its folder's {@code tables.sql}, or the CREATE statements
     * of the file named in {@link #RUNS_AFTER}.
     */
    private static String prelude(Path file) throws IOException {
        Path tables = file.resolveSibling("tables.sql");
        if (Files.exists(tables) && !file.equals(tables)) {
            return Files.readString(tables) + "\n";
        }
        String after = RUNS_AFTER.get(EXAMPLES.relativize(file).toString());
        if (after == null) {
            return "";
        }
        StringBuilder creates = new StringBuilder();
        for (ScriptStatement statement : SqlScript.split(Files.readString(EXAMPLES.resolve(after)))) {
            if (withoutComments(statement).startsWith("CREATE")) {
                creates.append(statement.sql()).append(";\n");
            }
        }
        return creates.toString();
    }

    /**
     * The example without the statements that name a savepoint: Sluice lets a job start only from its tenant's own
     * state, and here no job ran; which state a job starts from changes nothing in its estimate.
     */
    private static String withoutRestore(String sql) {
        StringBuilder kept = new StringBuilder();
        for (ScriptStatement statement : SqlScript.split(sql)) {
            if (!statement.sql().contains("${SAVEPOINT}")) {
                kept.append(statement.sql()).append(";\n");
            }
        }
        return kept.toString();
    }

    private static boolean isExample(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".sql")
                && !name.equals("postgres-tables.sql")
                && !file.startsWith(EXAMPLES.resolve("src"))
                && !file.startsWith(EXAMPLES.resolve("target"));
    }

    private static boolean isPlanned(ScriptStatement statement) {
        return PLANNED.matcher(withoutComments(statement)).matches();
    }

    /** The statement from its first keyword, in capitals. */
    private static String withoutComments(ScriptStatement statement) {
        return statement.sql().strip().replaceAll("^(--[^\\n]*\\n\\s*)+", "").toUpperCase(Locale.ROOT);
    }

    private static String filled(String text) {
        String filled = text;
        for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
            filled = filled.replace("${" + placeholder.getKey() + "}", placeholder.getValue());
        }
        return filled;
    }
}
