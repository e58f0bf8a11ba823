package dev.sluice.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.Analyst;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.FlinkEndpointClient;
import dev.sluice.gateway.testing.SluiceServerExtension;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Flink-compatible endpoint holds statements to the same size limit as the Sluice API, and no answer of either
 * listener carries a Java stack trace: whatever fails (a body Flink cannot parse, an unknown operation, a closed
 * session, a statement that fails while it runs) answers with a 4xx status and one line per error.
 */
class ListenerParityAttacksIT {

    private static final int LIMIT = 64 * 1024;

    @RegisterExtension
    static final SluiceServerExtension GATEWAY = new SluiceServerExtension(
            options -> options.set(SluiceOptions.API_MAX_BODY_SIZE, MemorySize.parse(LIMIT + "b")));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Analyst analyst;
    private static FlinkEndpointClient flink;

    @BeforeAll
    static void anAnalyst() {
        analyst = Analyst.of(GATEWAY, "acme", "nb");
        flink = new FlinkEndpointClient(GATEWAY.flinkEndpointAddress());
    }

    /** Every error is one line, without a stack frame or an exception's name. */
    private static void assertOneLine(FlinkEndpointClient.Response response) {
        assertNoTrace(response);
        assertThat(response.errors())
                .as("answer %s", response.body())
                .isNotBlank()
                .doesNotContain("\n");
    }

    private static void assertNoTrace(FlinkEndpointClient.Response response) {
        String text = response.body().toString();
        assertThat(text)
                .as("answer %s", text)
                .doesNotContain("\\tat ", "\tat ", "Exception:", "Caused by", "Exception on server side");
    }

    private static void assertOneLine(ApiClient.Response response) {
        String text = response.body().toString();
        assertThat(text).as("answer %s", text).doesNotContain("\\tat ", "\tat ", "Exception:", "Caused by");
        assertThat(response.status()).as(text).isBetween(400, 499);
    }

    /** A statement of {@code bytes} bytes that would be valid but for its size. */
    private static String statementOf(int bytes) {
        String head = "SELECT '";
        return head + "x".repeat(bytes - head.length() - 1) + "'";
    }

    @Test
    @Attack(
            kind = Attack.Kind.LISTENER_PARITY,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void anOversizedStatementIsRefusedOnBothListenersAlike() {
        String session = flink.openSession(analyst.token());
        String oversized = statementOf(LIMIT + 1);

        ApiClient.Response api = analyst.api()
                .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", oversized));
        assertThat(api.status()).isEqualTo(413);
        for (FlinkEndpointClient.Response response : new FlinkEndpointClient.Response[] {
            flink.execute(session, oversized),
            flink.configureSession(session, "SET 'pipeline.name' = '" + "x".repeat(LIMIT) + "'"),
            flink.completeStatement(session, oversized, 3)
        }) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(413);
            assertThat(response.errors())
                    .startsWith("[STATEMENT_TOO_LARGE]")
                    .contains("at most " + LIMIT + " are accepted");
            assertOneLine(response);
        }
        // Far over the limit, the endpoint's network layer refuses the body before anything reads it (and may close
        // the connection before the client reads the answer's text).
        FlinkEndpointClient.Response huge = flink.execute(session, statementOf(4 * LIMIT));
        assertThat(huge.status()).isEqualTo(413);
        assertNoTrace(huge);

        // The session is unharmed, and a statement within the limit runs on both.
        assertThat(flink.query(session, statementOf(LIMIT - 1024), Duration.ofSeconds(60)))
                .hasSize(1);
        assertThat(analyst.api()
                        .post("/api/v1/statements", MAPPER.createObjectNode().put("sql", statementOf(LIMIT - 1024)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.FLINK_ENDPOINT)
    void aBodyFlinkCannotParseGetsOneLine() {
        String session = flink.openSession(analyst.token());
        String statements = "/v4/sessions/" + session + "/statements";

        for (String body : new String[] {
            "{not json",
            "[1, 2]",
            "{\"statement\": {\"nested\": 1}}",
            "{\"statement\": \"SELECT 1\", \"executionConfig\": 7}",
            "\u0000\u0001",
            ""
        }) {
            FlinkEndpointClient.Response response = flink.post(statements, body);
            assertThat(response.status()).as("%s -> %s", body, response.body()).isBetween(400, 499);
            assertOneLine(response);
        }
        FlinkEndpointClient.Response opening = flink.post("/v4/sessions", "{\"properties\": [\"sluice.token\"]}");
        assertThat(opening.status()).isEqualTo(400);
        assertOneLine(opening);

        assertThat(flink.query(session, "SELECT 1", Duration.ofSeconds(60))).hasSize(1);
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.FLINK_ENDPOINT)
    void unknownOperationsAreNotFoundInOneLine() {
        String session = flink.openSession(analyst.token());
        String mine =
                flink.execute(session, "SELECT 1").body().get("operationHandle").asText();
        String unknown = UUID.randomUUID().toString();

        for (FlinkEndpointClient.Response response : new FlinkEndpointClient.Response[] {
            flink.fetch(session, unknown, 0), flink.status(session, unknown), flink.cancel(session, unknown)
        }) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertOneLine(response);
        }
        // Closing is idempotent in Flink's protocol: an unknown operation is as closed as a closed one.
        assertThat(flink.closeOperation(session, unknown).body().get("status").asText())
                .isEqualTo("CLOSED");
        // Another session's operation is unknown in this one.
        String other = flink.openSession(analyst.token());
        FlinkEndpointClient.Response elsewhere = flink.fetch(other, mine, 0);
        assertThat(elsewhere.status()).isEqualTo(404);
        assertOneLine(elsewhere);

        assertThat(flink.fetch(session, mine, 0).status()).isEqualTo(200);
    }

    @Test
    @Attack(
            kind = Attack.Kind.LISTENER_PARITY,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aStatementThatFailsWhileRunningFailsItsFetchInOneLine() {
        String numbers =
                "CREATE TEMPORARY TABLE numbers (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3')";
        String failing = "SELECT 10 / (id - id) AS boom FROM numbers";
        String session = flink.openSession(analyst.token());
        assertThat(flink.execute(session, numbers).status()).isEqualTo(200);
        String operation =
                flink.execute(session, failing).body().get("operationHandle").asText();

        FlinkEndpointClient.Response failed = fetchUntilFailed(session, operation);
        assertThat(failed.status()).as(failed.body().toString()).isBetween(400, 499);
        assertThat(failed.errors()).contains("by zero");
        assertOneLine(failed);

        String statement = analyst.api()
                .run(null, numbers + ";\n" + failing)
                .get("statements")
                .get(1)
                .get("id")
                .asText();
        AtomicLong token = new AtomicLong();
        ApiClient.Response page = await("statement " + statement + " to fail")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            ApiClient.Response next = analyst.api()
                                    .get("/api/v1/statements/" + statement + "/results?token=" + token.get());
                            JsonNode nextToken = next.body().get("nextToken");
                            token.set(nextToken == null || nextToken.isNull() ? 0 : nextToken.asLong());
                            return next;
                        },
                        next -> next.status() != 200);
        assertOneLine(page);
        assertThat(page.body().get("error").get("message").asText()).contains("by zero");

        // The session still serves.
        assertThat(flink.query(session, "SELECT 1", Duration.ofSeconds(60))).hasSize(1);
    }

    @Test
    @Attack(kind = Attack.Kind.LISTENER_PARITY, through = Attack.Listener.FLINK_ENDPOINT)
    void aClosedSessionAnswersNotFoundInOneLine() {
        String session = flink.openSession(analyst.token());
        String operation =
                flink.execute(session, "SELECT 1").body().get("operationHandle").asText();
        assertThat(flink.closeSession(session).status()).isEqualTo(200);

        for (FlinkEndpointClient.Response response : new FlinkEndpointClient.Response[] {
            flink.execute(session, "SELECT 1"),
            flink.fetch(session, operation, 0),
            flink.status(session, operation),
            flink.sessionConfig(session),
            flink.heartbeat(session),
            flink.closeSession(session),
            flink.configureSession(session, "SET 'a' = 'b'"),
            flink.completeStatement(session, "SEL", 3)
        }) {
            assertThat(response.status()).as(response.body().toString()).isEqualTo(404);
            assertThat(response.errors()).contains("Session '" + session + "' does not exist.");
            assertOneLine(response);
        }
    }

    @Test
    @Attack(
            kind = Attack.Kind.LISTENER_PARITY,
            through = {Attack.Listener.API, Attack.Listener.FLINK_ENDPOINT})
    void aSweepOfBadRequestsNeverShowsAStackTrace() {
        String session = flink.openSession(analyst.token());
        String operation =
                flink.execute(session, "SELECT 1").body().get("operationHandle").asText();
        String base = "/v4/sessions/" + session;
        Map<String, FlinkEndpointClient.Response> answers = new LinkedHashMap<>();
        answers.put("handle that is no UUID", flink.get("/v4/sessions/not-a-uuid"));
        answers.put("path traversal", flink.get("/v4/sessions/..%2F..%2Fetc"));
        answers.put("operation that is no UUID", flink.get(base + "/operations/x/status"));
        answers.put(
                "negative result token", flink.get(base + "/operations/" + operation + "/result/-1?rowFormat=JSON"));
        answers.put(
                "result token that is no number",
                flink.get(base + "/operations/" + operation + "/result/abc?rowFormat=JSON"));
        answers.put("token far ahead", flink.get(base + "/operations/" + operation + "/result/99?rowFormat=JSON"));
        answers.put("unknown row format", flink.get(base + "/operations/" + operation + "/result/0?rowFormat=XML"));
        answers.put("unknown path", flink.get("/v4/nowhere"));
        answers.put("unknown version", flink.get("/v99/info"));
        answers.put("statement missing", flink.post(base + "/statements", "{}"));
        answers.put("statement empty", flink.execute(session, ""));
        answers.put("statement that does not parse", flink.execute(session, "SELECT FROM\nWHERE ("));
        answers.put("two statements", flink.execute(session, "SELECT 1; SELECT 2"));
        answers.put("configure with a query", flink.configureSession(session, "SELECT 1"));
        answers.put("configure that does not parse", flink.configureSession(session, "SET 'a"));
        answers.put("complete at a bad position", flink.completeStatement(session, "SELECT", 99));
        answers.put("deploy a script", flink.post(base + "/scripts", "{\"script\": \"SELECT 1\"}"));
        answers.put("refresh a materialized table", flink.post(base + "/materialized-tables/a.b.c/refresh", "{}"));
        answers.put("open with bad properties", flink.post("/v4/sessions", "{\"properties\": {\"sluice.token\": 5}}"));
        answers.forEach((what, response) -> {
            // Flink answers some oddities (a negative result token) with a page; none with a 5xx or a trace.
            assertThat(response.status()).as("%s: %s", what, response.body()).isLessThan(500);
            if (response.status() >= 400) {
                assertOneLine(response);
            }
        });

        Map<String, ApiClient.Response> api = new LinkedHashMap<>();
        api.put(
                "bad session id",
                analyst.api().post("/api/v1/statements", "{\"sql\": \"SELECT 1\", \"sessionId\": \"../x\"}"));
        api.put("not json", analyst.api().post("/api/v1/statements", "{not json"));
        api.put(
                "statement that does not parse",
                analyst.api().post("/api/v1/statements", "{\"sql\": \"SELECT FROM\\nWHERE (\"}"));
        api.put("unknown statement", analyst.api().get("/api/v1/statements/" + UUID.randomUUID() + "/results?token=0"));
        api.put("bad result token", analyst.api().get("/api/v1/statements/x/results?token=-1"));
        api.forEach((what, response) -> assertOneLine(response));

        assertThat(flink.fetch(session, operation, 0).status()).isEqualTo(200);
    }

    private static FlinkEndpointClient.Response fetchUntilFailed(String session, String operation) {
        AtomicLong token = new AtomicLong();
        return await("operation " + operation + " to fail")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            FlinkEndpointClient.Response page = flink.fetch(session, operation, token.get());
                            FlinkEndpointClient.nextToken(page).ifPresent(token::set);
                            return page;
                        },
                        page -> page.status() != 200);
    }
}
