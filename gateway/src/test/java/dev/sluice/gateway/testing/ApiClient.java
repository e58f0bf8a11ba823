package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionTimeoutException;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A plain HTTP client of the Sluice API for tests: real requests over loopback, answers as JSON trees. */
public final class ApiClient {

    /** A response: its status and its body as JSON (an empty object when there is no body). */
    public record Response(int status, JsonNode body) {}

    // Big decimals keep their scale, so a DECIMAL(5, 2) of 1.50 reads back as 1.50.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    /** @param token sent as {@code Authorization: Bearer <token>}; null sends no header */
    public ApiClient(String baseUrl, String token) {
        this(baseUrl, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)));
    }

    /** A client of a gateway served over HTTPS, whose certificate {@code trust} trusts. */
    public ApiClient(String baseUrl, String token, SSLContext trust) {
        this(
                baseUrl,
                token,
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).sslContext(trust));
    }

    private ApiClient(String baseUrl, String token, HttpClient.Builder http) {
        this(baseUrl, token, http.build());
    }

    private ApiClient(String baseUrl, String token, HttpClient http) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.http = http;
    }

    /** The same gateway, called with another token (or none). */
    public ApiClient withToken(String otherToken) {
        return new ApiClient(baseUrl, otherToken, http);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A response whose body is text, not JSON (e.g. {@code GET /metrics}), unless it is a refusal. */
    public record Text(int status, String contentType, String body) {

        /** As a {@link Response}: a success's text is no JSON, so its body is empty; a refusal's is the error body. */
        public Response asResponse() {
            try {
                return new Response(status, status / 100 == 2 ? MAPPER.createObjectNode() : MAPPER.readTree(body));
            } catch (IOException e) {
                throw new AssertionError("A refusal without the JSON error body: " + body, e);
            }
        }
    }

    public Text getText(String path) {
        HttpResponse<String> response =
                exchange(HttpRequest.newBuilder(uri(path)).GET());
        return new Text(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts raw bytes, e.g. a body that is not valid UTF-8. */
    public Response postBytes(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response post(String path, JsonNode body) {
        return post(path, body.toString());
    }

    /** Runs a script in a session (or a new one when {@code sessionId} is null) and expects it to succeed. */
    public JsonNode run(String sessionId, String sql) {
        ObjectNode request = MAPPER.createObjectNode().put("sql", sql);
        if (sessionId != null) {
            request.put("sessionId", sessionId);
        }
        Response response = post("/api/v1/statements", request);
        if (response.status() != 200) {
            throw new AssertionError("Script failed with " + response.status() + ": " + response.body() + "\n" + sql);
        }
        return response.body();
    }

    public String openSession() {
        Response response = post("/api/v1/sessions", "{}");
        if (response.status() != 201) {
            throw new AssertionError("Opening a session failed: " + response.body());
        }
        return response.body().get("sessionId").asText();
    }

    /**
     * Reads a statement's pages until its results end, and returns every row as {@code kind + fields}, e.g.
     * {@code +I[1, "a"]}. Fails if they have not ended within the timeout.
     */
    public List<JsonNode> readAll(String statementId, Duration timeout) {
        List<JsonNode> rows = new ArrayList<>();
        AtomicLong token = new AtomicLong();
        try {
            await("the results of " + statementId + " to end")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        // Pages with rows back to back; the poll interval only after an empty one.
                        JsonNode page;
                        do {
                            page = page(statementId, token.get());
                            page.get("rows").forEach(rows::add);
                            JsonNode next = page.get("nextToken");
                            if (next == null || next.isNull()) {
                                return true;
                            }
                            token.set(next.asLong());
                        } while (!page.get("rows").isEmpty());
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; read so far: " + rows, e);
        }
        return rows;
    }

    private JsonNode page(String statementId, long token) {
        Response page = get("/api/v1/statements/" + statementId + "/results?token=" + token);
        if (page.status() != 200) {
            throw new AssertionError("Reading results failed with " + page.status() + ": " + page.body());
        }
        return page.body();
    }

    /**
     * GETs {@code path} until its answer satisfies {@code done}, and returns that answer. Fails when it has not within
     * the timeout, naming {@code what} and the last answer.
     */
    public Response awaitGet(String path, Predicate<Response> done, String what, Duration timeout) {
        AtomicReference<Response> last = new AtomicReference<>();
        await(what)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Response answer = get(path);
                    last.set(answer);
                    if (!done.test(answer)) {
                        throw new AssertionError("GET " + path + " answered " + answer.status() + " " + answer.body());
                    }
                });
        return last.get();
    }

    /**
     * Validates {@code sql} until the answer is a clean "valid": the first plan in a JVM compiles Calcite's metadata
     * handlers, which on a busy machine can outlast the validation timeout. Tests of validation warm up with it.
     */
    public void awaitValid(String sql, Duration timeout) {
        String request = MAPPER.createObjectNode().put("sql", sql).toString();
        await("a clean validation of " + sql)
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> post("/api/v1/statements:validate", request),
                        answer -> answer.status() == 200
                                && answer.body().path("valid").asBoolean());
    }

    /** Waits until the job's record has {@code status}, and returns that record. */
    public JsonNode awaitJobStatus(String jobId, String status, Duration timeout) {
        return awaitGet(
                        "/api/v1/jobs/" + jobId,
                        job -> job.body().path("status").asText().equals(status),
                        "job " + jobId + " to be " + status,
                        timeout)
                .body();
    }

    private Response send(HttpRequest.Builder request) {
        HttpResponse<String> response = exchange(request);
        String body = response.body();
        try {
            return new Response(
                    response.statusCode(), body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body));
        } catch (IOException e) {
            throw new AssertionError("The gateway answered " + response.statusCode() + " with no JSON: " + body, e);
        }
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Request to the gateway failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
