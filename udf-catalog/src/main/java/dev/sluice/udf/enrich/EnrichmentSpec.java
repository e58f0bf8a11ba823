package dev.sluice.udf.enrich;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What an enrichment function does, as declared by its JSON spec (parsed and validated by
 * {@link EnrichmentSpecParser}): where a key is looked up, how results are cached, how fast the backing store may
 * be queried, how long a lookup may take, and what is returned when no value can be had.
 *
 * @param fallback the value returned for a missing key, a throttled, failed or timed-out lookup; null is SQL NULL
 */
public record EnrichmentSpec(
        Source source, CacheSpec cache, RateLimitSpec rateLimit, Duration timeout, String fallback) {

    public EnrichmentSpec {
        requireNonNull(source, "source is null");
        requireNonNull(cache, "cache is null");
        requireNonNull(rateLimit, "rateLimit is null");
        requireNonNull(timeout, "timeout is null");
    }

    public Optional<String> fallbackValue() {
        return Optional.ofNullable(fallback);
    }

    /** Where values come from. */
    public sealed interface Source permits JdbcSource, HttpSource {

        /** The hosts and ports a lookup connects to, as the source's URL names them. */
        List<Endpoint> endpoints();

        /** The spec field that names them, for errors. */
        String urlField();
    }

    /**
     * A PostgreSQL table: one row per key. Identifiers are validated by the parser and always quoted, and the key is
     * a bind parameter, so nothing a user writes is ever spliced into SQL as code.
     *
     * @param schema null for the connection's search path
     * @param password a reference to where the password is (never the password itself); null for none
     */
    public record JdbcSource(
            String url,
            String schema,
            String table,
            String keyColumn,
            String valueColumn,
            String user,
            SecretReference password,
            int maxConnections)
            implements Source {

        public JdbcSource {
            requireNonNull(url, "url is null");
            requireNonNull(table, "table is null");
            requireNonNull(keyColumn, "keyColumn is null");
            requireNonNull(valueColumn, "valueColumn is null");
        }

        @Override
        public List<Endpoint> endpoints() {
            return PostgresUrl.endpoints(url);
        }

        @Override
        public String urlField() {
            return "spec.source.url";
        }

        /** The one statement this source runs, prepared with the key as its only parameter. */
        public String lookupSql() {
            String from = schema == null ? quote(table) : quote(schema) + "." + quote(table);
            return "SELECT " + quote(valueColumn) + " FROM " + from + " WHERE " + quote(keyColumn) + " = ?";
        }

        // The parser admits only [A-Za-z_][A-Za-z0-9_]*, so quoting cannot be escaped; quoting keeps case and
        // lets reserved words such as "order" be used as names.
        private static String quote(String identifier) {
            return '"' + identifier + '"';
        }
    }

    /**
     * An HTTP endpoint answering JSON: {@code urlTemplate} holds {@code {key}}, replaced by the URL-encoded key;
     * {@code valuePointer} is the RFC 6901 JSON pointer of the value in the response. A 404 means "no such key".
     */
    public record HttpSource(String urlTemplate, String valuePointer) implements Source {

        public HttpSource {
            requireNonNull(urlTemplate, "urlTemplate is null");
            requireNonNull(valuePointer, "valuePointer is null");
        }

        /** The URL with {@code key} in place of {@code {key}}, URL-encoded (%20, not +: it may land in a path). */
        public URI url(Object key) {
            return URI.create(urlTemplate.replace(
                    "{key}",
                    URLEncoder.encode(String.valueOf(key), StandardCharsets.UTF_8)
                            .replace("+", "%20")));
        }

        /** The key is never in the host or port, so every lookup goes to this one. */
        @Override
        public List<Endpoint> endpoints() {
            URI url = url("k");
            int port = url.getPort() >= 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
            return List.of(new Endpoint(url.getHost(), port));
        }

        @Override
        public String urlField() {
            return "spec.source.urlTemplate";
        }
    }

    /**
     * The per-task cache of looked-up values (missing keys included).
     *
     * @param ttl how long an entry may be served at all
     * @param refresh after this age an entry is still served, but reloaded in the background (if a permit is free)
     */
    public record CacheSpec(boolean enabled, Duration ttl, Duration refresh, int maxEntries) {

        public CacheSpec {
            requireNonNull(ttl, "ttl is null");
            requireNonNull(refresh, "refresh is null");
        }
    }

    /** At most {@code lookupsPerSecond} queries against the backing store, per parallel task of the function. */
    public record RateLimitSpec(double lookupsPerSecond) {}
}
