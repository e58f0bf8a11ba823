package dev.sluice.udf.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.udf.enrich.EnrichmentSpec.HttpSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Looks keys up with {@code GET} on an HTTP JSON endpoint, using the JDK client's own asynchronous I/O. 200: the
 * value is the node at the JSON pointer (text as is, other JSON as its JSON text, a missing node as a missing key);
 * 404: the key is missing; anything else fails the lookup (and the caller falls back).
 */
final class HttpLookupSource implements LookupSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final HttpSource source;
    private final Duration timeout;

    HttpLookupSource(HttpSource source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public CompletableFuture<LookupResult> lookup(Object key) {
        // %20, not +: the key may land in a path segment, where + is a plus sign.
        String encoded = URLEncoder.encode(String.valueOf(key), StandardCharsets.UTF_8).replace("+", "%20");
        HttpRequest request = HttpRequest.newBuilder(URI.create(source.urlTemplate().replace("{key}", encoded)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(this::result);
    }

    private LookupResult result(HttpResponse<String> response) {
        if (response.statusCode() == 404) {
            return LookupResult.MISSING;
        }
        if (response.statusCode() != 200) {
            throw new CompletionException(new IOException("HTTP " + response.statusCode() + " from "
                    + response.uri().getHost()));
        }
        JsonNode value;
        try {
            value = JSON.readTree(response.body()).at(source.valuePointer());
        } catch (JsonProcessingException e) {
            throw new CompletionException(new IOException("the response from " + response.uri().getHost()
                    + " is not JSON: " + e.getOriginalMessage()));
        }
        if (value.isMissingNode()) {
            return LookupResult.MISSING;
        }
        return LookupResult.of(value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
    }

    @Override
    public void close() {
        // The JDK 17 client has no close(); its selector thread ends once the client is unreachable.
    }
}
