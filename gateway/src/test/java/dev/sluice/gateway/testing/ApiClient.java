package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client of the Sluice API for tests: real requests over loopback, answers as JSON trees. */
public final class ApiClient {

    /** A response: its status and its body as JSON (an empty object when there is no body). */
    public record Response(int status, JsonNode body) {}

    // Big decimals keep their scale, so a DECIMAL(5, 2) of 1.50 reads back as 1.50.
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param token sent as {@code Authorization: Bearer <token>}; null sends no header */
    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same gateway, called with another token (or none). */
    public ApiClient withToken(String otherToken) {
        return new ApiClient(baseUrl, otherToken);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
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
        Instant deadline = Instant.now().plus(timeout);
        long token = 0;
        while (true) {
            Response page = get("/api/v1/statements/" + statementId + "/results?token=" + token);
            if (page.status() != 200) {
                throw new AssertionError("Reading results failed with " + page.status() + ": " + page.body());
            }
            page.body().get("rows").forEach(rows::add);
            JsonNode next = page.body().get("nextToken");
            if (next == null || next.isNull()) {
                return rows;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Results of " + statementId + " did not end within " + timeout + "; read so far: " + rows);
            }
            if (page.body().get("rows").isEmpty()) {
                sleep();
            }
            token = next.asLong();
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body));
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

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
