package dev.sluice.gateway.sqltestcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/** The two calls {@code sql-test} makes to a gateway's API, with a bearer token that is sent and never printed. */
final class GatewayClient {

    /** The gateway could not be reached, or answered what no gateway answers. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A status and the JSON body that came with it. */
    record Answer(int status, JsonNode body) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Longer than a gateway's own limit for a test (sluice.statement-tests.timeout, 60 s by default). */
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);

    private final String url;
    private final String token;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    GatewayClient(String url, String token) {
        this.url = requireNonNull(url, "url is null").replaceAll("/+$", "");
        this.token = requireNonNull(token, "token is null");
    }

    String url() {
        return url;
    }

    Answer test(JsonNode request) throws Unreachable {
        return post("/api/v1/statements:test", request.toString());
    }

    Answer createFunction(String definition) throws Unreachable {
        return post("/api/v1/functions", definition);
    }

    private Answer post(String path, String body) throws Unreachable {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("cannot reach the gateway at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling the gateway at " + url, e);
        }
        try {
            return new Answer(response.statusCode(), MAPPER.readTree(response.body()));
        } catch (IOException e) {
            throw new Unreachable(
                    url + path + " answered " + response.statusCode()
                            + " without a JSON body: is this a Sluice gateway?",
                    e);
        }
    }
}
