package dev.sluice.udf.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.udf.enrich.EnrichmentSpec.HttpSource;
import dev.sluice.udf.net.OutboundDeniedException;
import dev.sluice.udf.net.OutboundRules;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Looks keys up with {@code GET} on an HTTP JSON endpoint, with Apache HttpClient's asynchronous I/O. 200: the value is
 * the node at the JSON pointer (text as is, other JSON as its JSON text, a missing node as a missing key); 404: the
 * key is missing; anything else fails the lookup (and the caller falls back).
 *
 * <p>The client resolves host names through the tenant's {@link OutboundRules} only, and connects to exactly the one
 * address the rules checked: an internal address the tenant may not reach fails the lookup, and a second, different
 * DNS answer cannot steer the connection elsewhere. TLS still checks the certificate against the URL's host name
 * (and sends it as SNI). Redirects are not followed, and no proxy settings of the JVM apply.
 */
final class HttpLookupSource implements LookupSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpSource source;
    private final CloseableHttpAsyncClient client;

    HttpLookupSource(String functionName, HttpSource source, Duration timeout, OutboundRules outbound) {
        this.source = source;
        Timeout limit = Timeout.of(timeout);
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedResolver(outbound))
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(limit)
                                .setSocketTimeout(limit)
                                .build())
                        .build())
                .setDefaultRequestConfig(
                        RequestConfig.custom().setResponseTimeout(limit).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setThreadFactory(runnable -> {
                    Thread thread = new Thread(runnable, "sluice-enrich-" + functionName + "-http");
                    thread.setDaemon(true);
                    return thread;
                })
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        client.start();
    }

    @Override
    public CompletableFuture<LookupResult> lookup(Object key) {
        URI url = source.url(key);
        SimpleHttpRequest request = SimpleRequestBuilder.get(url)
                .addHeader("Accept", "application/json")
                .build();
        CompletableFuture<LookupResult> result = new CompletableFuture<>();
        client.execute(request, new FutureCallback<>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                try {
                    result.complete(result(url, response));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void failed(Exception failure) {
                result.completeExceptionally(failure);
            }

            @Override
            public void cancelled() {
                result.cancel(false);
            }
        });
        return result;
    }

    private LookupResult result(URI url, SimpleHttpResponse response) {
        if (response.getCode() == 404) {
            return LookupResult.MISSING;
        }
        if (response.getCode() != 200) {
            throw new CompletionException(new IOException("HTTP " + response.getCode() + " from " + url.getHost()));
        }
        JsonNode value;
        try {
            byte[] body = response.getBodyBytes();
            value = JSON.readTree(body == null ? new byte[0] : body).at(source.valuePointer());
        } catch (IOException e) {
            throw new CompletionException(
                    new IOException("the response from " + url.getHost() + " is not JSON: " + e.getMessage()));
        }
        if (value.isMissingNode()) {
            return LookupResult.MISSING;
        }
        return LookupResult.of(value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString());
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

    /** Resolves through the tenant's rules: one checked address, or a refusal carrying the rules' reason. */
    private record CheckedResolver(OutboundRules rules) implements DnsResolver {

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            return List.of(new InetSocketAddress(checked(host, port), port));
        }

        /** Unused by the connection manager, which always asks with the port; refused rather than unchecked. */
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("Enrichment lookups resolve a host together with its port: " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }

        private InetAddress checked(String host, int port) throws UnknownHostException {
            try {
                return rules.resolve(host, port);
            } catch (OutboundDeniedException e) {
                UnknownHostException refused = new UnknownHostException(e.getMessage());
                refused.initCause(e);
                throw refused;
            }
        }
    }
}
