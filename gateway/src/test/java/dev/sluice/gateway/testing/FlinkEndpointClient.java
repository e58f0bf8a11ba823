package dev.sluice.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A client of the Flink-compatible endpoint that speaks Flink's SQL Gateway REST protocol (version v4, as the Flink JDBC
 * driver 2.3 does) over plain HTTP, so tests in this module can use that listener as a real client does without the
 * driver's bundle (whose unrelocated Flink 2.3 classes cannot share a JVM with the gateway). Answers come back as they
 * are, status and JSON body, so a test can check refusals as well as results.
 */
public final class FlinkEndpointClient {

    /** A response: its status and its body as JSON (an empty object when there is no body). */
    public record Response(int status, JsonNode body) {
        /** The error text Flink's REST stack puts in {@code errors}, joined; empty for a success. */
        public String errors() {
            List<String> errors = new ArrayList<>();
            body.path("errors").forEach(error -> errors.add(error.asText()));
            return String.join("\n", errors);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String VERSION = "/v4";

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param address the endpoint as {@code host:port} */
    public FlinkEndpointClient(String address) {
        this.baseUrl = "http://" + address;
    }

    /** Opens a session with these properties (the token goes in {@code sluice.token}, as the JDBC driver sends it). */
    public Response openSession(Map<String, String> properties) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("properties", MAPPER.valueToTree(properties));
        return post(VERSION + "/sessions", body);
    }

    /** Opens a session with the token and returns its handle; fails the test if it is refused. */
    public String openSession(String token) {
        Response response = openSession(Map.of("sluice.token", token));
        if (response.status() != 200) {
            throw new AssertionError("Opening a session failed with " + response.status() + ": " + response.body());
        }
        return response.body().get("sessionHandle").asText();
    }

    public Response closeSession(String session) {
        return send(
                HttpRequest.newBuilder(uri(VERSION + "/sessions/" + session)).DELETE());
    }

    /** The session's configuration, as {@code GET /sessions/:handle} answers it. */
    public Response sessionConfig(String session) {
        return get(VERSION + "/sessions/" + session);
    }

    /** Submits a statement; a 200 carries {@code operationHandle}. */
    public Response execute(String session, String statement) {
        return execute(session, statement, Map.of());
    }

    public Response execute(String session, String statement, Map<String, String> executionConfig) {
        ObjectNode body = MAPPER.createObjectNode().put("statement", statement);
        body.set("executionConfig", MAPPER.valueToTree(executionConfig));
        return post(VERSION + "/sessions/" + session + "/statements", body);
    }

    public Response configureSession(String session, String statement) {
        return post(
                VERSION + "/sessions/" + session + "/configure-session",
                MAPPER.createObjectNode().put("statement", statement));
    }

    /** One page of an operation's results: {@code resultType} is PAYLOAD, NOT_READY or EOS. */
    public Response fetch(String session, String operation, long token) {
        return get(
                VERSION + "/sessions/" + session + "/operations/" + operation + "/result/" + token + "?rowFormat=JSON");
    }

    /** The operation's status: RUNNING, FINISHED, ERROR, ... */
    public Response status(String session, String operation) {
        return get(VERSION + "/sessions/" + session + "/operations/" + operation + "/status");
    }

    /** Completion hints; Flink's protocol sends the statement as the body of a GET. */
    public Response completeStatement(String session, String statement, int position) {
        ObjectNode body = MAPPER.createObjectNode().put("statement", statement).put("position", position);
        return send(HttpRequest.newBuilder(uri(VERSION + "/sessions/" + session + "/complete-statement"))
                .header("Content-Type", "application/json")
                .method("GET", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response heartbeat(String session) {
        return post(VERSION + "/sessions/" + session + "/heartbeat", MAPPER.createObjectNode());
    }

    public Response cancel(String session, String operation) {
        return post(
                VERSION + "/sessions/" + session + "/operations/" + operation + "/cancel", MAPPER.createObjectNode());
    }

    public Response closeOperation(String session, String operation) {
        return send(
                HttpRequest.newBuilder(uri(VERSION + "/sessions/" + session + "/operations/" + operation + "/close"))
                        .DELETE());
    }

    /**
     * Runs a statement and reads its rows until the results end, as {@code kind fields} text such as
     * {@code INSERT [1, "a"]}. Fails the test when the statement or a fetch is refused, or the rows do not end in time.
     */
    public List<String> query(String session, String statement, Duration timeout) {
        Response submitted = execute(session, statement);
        if (submitted.status() != 200) {
            throw new AssertionError("Statement refused with " + submitted.status() + ": " + submitted.errors());
        }
        return rows(session, submitted.body().get("operationHandle").asText(), timeout);
    }

    /** Reads an operation's rows until its results end, as {@link #query} does. */
    public List<String> rows(String session, String operation, Duration timeout) {
        List<String> rows = new ArrayList<>();
        AtomicLong token = new AtomicLong();
        try {
            await("the results of operation " + operation + " to end")
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Response page = fetch(session, operation, token.get());
                        if (page.status() != 200) {
                            throw new AssertionError("Fetch refused with " + page.status() + ": " + page.errors());
                        }
                        page.body()
                                .path("results")
                                .path("data")
                                .forEach(row -> rows.add(row.get("kind").asText() + " " + row.get("fields")));
                        if (page.body().get("resultType").asText().equals("EOS")) {
                            return true;
                        }
                        nextToken(page).ifPresent(token::set);
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; read so far: " + rows, e);
        }
        return rows;
    }

    /** The token of the page after this one, from its {@code nextResultUri}; empty when it names none. */
    public static OptionalLong nextToken(Response page) {
        JsonNode next = page.body().get("nextResultUri");
        if (next == null || next.isNull()) {
            return OptionalLong.empty();
        }
        String uri = next.asText();
        return OptionalLong.of(
                Long.parseLong(uri.substring(uri.lastIndexOf('/') + 1).split("\\?")[0]));
    }

    /** The Flink job an operation (a query, an INSERT) runs, from its first page that names one. */
    public String jobOf(String session, String operation, Duration timeout) {
        return await("a page of operation " + operation + " to name its job")
                .atMost(timeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> {
                            Response page = fetch(session, operation, 0);
                            if (page.status() != 200) {
                                throw new AssertionError("Fetch refused with " + page.status() + ": " + page.errors());
                            }
                            JsonNode job = page.body().get("jobID");
                            return job == null || job.isNull() ? null : job.asText();
                        },
                        job -> job != null);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response post(String path, JsonNode body) {
        return post(path, body.toString());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response =
                    http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json;
            try {
                json = body.isBlank() ? MAPPER.createObjectNode() : MAPPER.readTree(body);
            } catch (IOException notJson) {
                json = MAPPER.createObjectNode().put("text", body);
            }
            return new Response(response.statusCode(), json);
        } catch (IOException e) {
            throw new AssertionError("Request to the Flink-compatible endpoint failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
