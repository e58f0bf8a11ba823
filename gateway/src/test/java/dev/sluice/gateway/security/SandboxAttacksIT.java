package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sandboxed code stays bounded: a hostile analyst's JavaScript function whose result runs code while the host converts
 * it (getters, proxy traps, coercions, iterators, a thrown object's message) or makes the host do unbounded work.
 * Tried through {@code :try}, which runs the function in the gateway, and in real jobs through both listeners. Each
 * answer comes within the documented bound (docs/js-udfs.md: one call at most 1,000,000 statements and 10 s) as a 4xx
 * naming the function and version, or the job fails with that message; the gateway keeps serving, another tenant's
 * function still answers, and the same function answers its next call.
 */
class SandboxAttacksIT {

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension();

    /** Ten seconds for the call, its compile's top-level run bounded the same way, and a loaded machine's slack. */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static final Duration JOB_FAILS_WITHIN = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A back-reference puts GraalJS's regex engine on backtracking: exponential in the a's, no statement counted. */
    private static final String BACKTRACK = "/^(?:(a)|a)+\\1$/.test('a'.repeat(40) + 'ca')";

    private static ApiClient mallory;
    private static String malloryToken;
    private static ApiClient bystander;

    @BeforeAll
    static void tenants() {
        malloryToken = analystToken("mallory");
        mallory = GATEWAY.api().withToken(malloryToken);
        bystander = GATEWAY.api().withToken(analystToken("bystander"));
        createFunction(bystander, "shout", "SCALAR", "STRING", "return s.toUpperCase() + '!';");
    }

    private static String analystToken(String tenant) {
        GATEWAY.api().post("/api/v1/tenants", "{\"name\": \"" + tenant + "\"}");
        return GATEWAY.api()
                .post("/api/v1/tenants/" + tenant + "/tokens", "{\"name\": \"nb\", \"role\": \"analyst\"}")
                .body()
                .get("token")
                .asText();
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aResultGetterThatLoopsIsStoppedByTheStatementLimit() {
        createFunction(mallory, "loop_getter", "SCALAR", "ROW<a STRING>", "return { get a() { while (true) {} } };");

        assertStoppedWithinBound("loop_getter", "statements");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aBacktrackingRegexInsideAGetterIsStoppedByTheTimeLimit() {
        createFunction(
                mallory,
                "regex_getter",
                "SCALAR",
                "ROW<a STRING>",
                "return { get a() { " + BACKTRACK + "; return 'x'; } };");

        assertStoppedWithinBound("regex_getter", "ran longer than");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void toStringValueOfAndToPrimitiveThatLoopAreNeverRunOutsideTheLimits() {
        createFunction(mallory, "loop_to_string", "SCALAR", "STRING", "return { toString() { while (true) {} } };");
        createFunction(mallory, "loop_value_of", "SCALAR", "INT", "return { valueOf() { while (true) {} } };");
        createFunction(
                mallory,
                "loop_to_primitive",
                "SCALAR",
                "DECIMAL(10, 2)",
                "return { [Symbol.toPrimitive]() { " + BACKTRACK + "; return 1; } };");

        assertStoppedWithinBound("loop_to_string", "does not fit STRING");
        assertStoppedWithinBound("loop_value_of", "does not fit INT");
        assertStoppedWithinBound("loop_to_primitive", "does not fit DECIMAL(10, 2)");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aProxyOwnKeysTrapThatLoopsOnAMapResultIsStopped() {
        createFunction(
                mallory,
                "proxy_keys",
                "SCALAR",
                "MAP<STRING, STRING>",
                "return new Proxy({}, { ownKeys() { while (true) {} } });");

        assertStoppedWithinBound("proxy_keys", "statements");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aProxyGetTrapThatBacktracksOnARowResultIsStopped() {
        createFunction(
                mallory,
                "proxy_row",
                "SCALAR",
                "ROW<a STRING, b INT>",
                "return new Proxy({}, { get() { " + BACKTRACK + "; return 'x'; } });");

        assertStoppedWithinBound("proxy_row", "ran longer than");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aTableFunctionsIteratorThatNeverEndsIsStopped() {
        createFunction(
                mallory,
                "endless_rows",
                "TABLE",
                "STRING",
                "return { [Symbol.iterator]() { return { next: () => ({ value: 'x', done: false }) }; } };");

        assertStoppedWithinBound("endless_rows", "");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aThrownObjectWhoseMessageGetterLoopsIsStopped() {
        createFunction(mallory, "loop_message", "SCALAR", "STRING", "throw { get message() { while (true) {} } };");
        createFunction(
                mallory,
                "regex_message",
                "SCALAR",
                "STRING",
                "const e = new Error('x'); Object.defineProperty(e, 'message', { get() { " + BACKTRACK
                        + "; return 'm'; } }); throw e;");

        assertStoppedWithinBound("loop_message", "");
        assertStoppedWithinBound("regex_message", "");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void oneHugeSparseArrayRepeatedCostsTheHostNoMoreThanItsLimit() {
        // One statement of the script; a million times a million elements for the host to convert, unbounded.
        createFunction(
                mallory,
                "array_bomb",
                "SCALAR",
                "ARRAY<ARRAY<INT>>",
                "const a = []; a.length = 1000000; const o = []; o.length = 1000000; return o.fill(a);");

        // Ten million conversions reach the size limit in about 4 s here; on a loaded 2-core machine the time limit
        // may come first. Either stops the call within the bound, which is what the host needs.
        assertStoppedWithinBound("array_bomb", "values and characters", "ran longer than");
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.API)
    void aJobWhoseFunctionsGetterLoopsFailsNamingTheFunction() {
        createFunction(mallory, "job_getter", "SCALAR", "ROW<a STRING>", "return { get a() { while (true) {} } };");
        String session = mallory.openSession();
        mallory.run(
                session,
                "CREATE TEMPORARY TABLE words (s STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '10');"
                        + "CREATE TEMPORARY TABLE sink (a ROW<a STRING>) WITH ('connector' = 'blackhole')");

        JsonNode job = mallory.run(session, "INSERT INTO sink SELECT job_getter(s) FROM words")
                .get("statements")
                .get(0)
                .get("job");

        assertFailsNaming(job.get("id").asText(), "job_getter");
        assertGatewayServes();
    }

    @Test
    @Attack(kind = Attack.Kind.SANDBOX, through = Attack.Listener.FLINK_ENDPOINT)
    void aJobWhoseFunctionsGetterBacktracksFailsNamingTheFunctionOnTheFlinkEndpoint() {
        createFunction(
                mallory,
                "flink_getter",
                "SCALAR",
                "ROW<a STRING>",
                "return { get a() { " + BACKTRACK + "; return 'x'; } };");
        FlinkEndpointClient flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
        String session = flink.openSession(malloryToken);
        flink.query(
                session,
                "CREATE TEMPORARY TABLE words (s STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '10')",
                Duration.ofSeconds(60));
        flink.query(
                session,
                "CREATE TEMPORARY TABLE sink (a ROW<a STRING>) WITH ('connector' = 'blackhole')",
                Duration.ofSeconds(60));

        flink.query(session, "INSERT INTO sink SELECT flink_getter(s) FROM words", Duration.ofSeconds(60));

        JsonNode job = null;
        for (JsonNode candidate : mallory.get("/api/v1/jobs").body().get("jobs")) {
            if (candidate.get("sql").asText().contains("flink_getter")) {
                job = candidate;
            }
        }
        assertThat(job).as("the job the Flink endpoint started").isNotNull();
        assertFailsNaming(job.get("id").asText(), "flink_getter");
        assertGatewayServes();
    }

    /** A JavaScript function {@code f(s)}: {@code s = 'ok'} returns null, anything else runs the attack. */
    private static void createFunction(ApiClient client, String name, String kind, String result, String attack) {
        ObjectNode body = JSON.createObjectNode()
                .put("name", name)
                .put("language", "JAVASCRIPT")
                .put("kind", kind)
                .put("entry", "f")
                .put("source", "function f(s) { if (s === 'ok') { return null; } " + attack + " }");
        ObjectNode signature = body.putObject("signature").put("result", result);
        signature.putArray("parameters").addObject().put("name", "s").put("type", "STRING");
        Response created = client.post("/api/v1/functions", body);
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    }

    /**
     * The attack's {@code :try} answers within the bound with a 400 naming the function, version and what stopped it;
     * the same function then answers, and so does another tenant's.
     */
    private static void assertStoppedWithinBound(String name, String... reasons) {
        Instant start = Instant.now();
        Response attack = mallory.post("/api/v1/functions/" + name + ":try", "{\"arguments\": [\"attack\"]}");
        Duration took = Duration.between(start, Instant.now());

        assertThat(took).as("%s answered in %s", name, took).isLessThan(BOUND);
        assertThat(attack.status()).as(attack.body().toString()).isEqualTo(400);
        JsonNode error = attack.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(error.get("message").asText())
                .startsWith("JavaScript function '" + name + "' version 1 ")
                .containsAnyOf(reasons);
        assertThat(attack.body().toString()).doesNotContain("\tat ", "java.lang.");

        Response next = mallory.post("/api/v1/functions/" + name + ":try", "{\"arguments\": [\"ok\"]}");
        assertThat(next.status()).as(next.body().toString()).isEqualTo(200);
        assertThat(next.body().get("result").isNull()
                        || next.body().get("result").isEmpty())
                .as(next.body().toString())
                .isTrue();
        assertGatewayServes();
    }

    private static void assertGatewayServes() {
        Response other = bystander.post("/api/v1/functions/shout:try", "{\"arguments\": [\"still here\"]}");
        assertThat(other.status()).as(other.body().toString()).isEqualTo(200);
        assertThat(other.body().get("result").asText()).isEqualTo("STILL HERE!");
        assertThat(mallory.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    /** The job fails, not spins: its status says which function stopped it. */
    private static void assertFailsNaming(String jobId, String function) {
        JsonNode job = mallory.awaitJobStatus(jobId, "FAILED", JOB_FAILS_WITHIN);
        assertThat(job.get("statusMessage").asText()).contains("JavaScript function '" + function + "' version 1 ");
    }
}
