package dev.sluice.udf.enrich;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.udf.enrich.EnrichmentSpec.CacheSpec;
import dev.sluice.udf.enrich.EnrichmentSpec.HttpSource;
import dev.sluice.udf.enrich.EnrichmentSpec.JdbcSource;
import dev.sluice.udf.enrich.EnrichmentSpec.RateLimitSpec;
import dev.sluice.udf.enrich.EnrichmentSpec.Source;
import org.apache.flink.util.TimeUtils;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an enrichment spec from JSON and checks every field, reporting all errors at once with the field's path
 * ({@code spec.cache.ttl}). Durations use Flink's syntax ({@code 500 ms}, {@code 30 s}, {@code 5 min}).
 *
 * <pre>{@code
 * {"source": {"type": "jdbc", "url": "jdbc:postgresql://db:5432/media", "table": "public.titles",
 *             "keyColumn": "id", "valueColumn": "name", "user": "reader", "passwordRef": "env:MEDIA_PASSWORD"},
 *  "cache": {"ttl": "10 min", "refresh": "30 s", "maxEntries": 100000},
 *  "rateLimit": {"lookupsPerSecond": 200},
 *  "timeout": "1 s",
 *  "fallback": "unknown"}
 * }</pre>
 */
public final class EnrichmentSpecParser {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final double DEFAULT_LOOKUPS_PER_SECOND = 100;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_CONNECTIONS = 2;

    // Below Flink's table.exec.async-scalar.timeout (3 min by default), which fails the job instead of falling back.
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);
    static final int MAX_ENTRIES_LIMIT = 10_000_000;
    static final int MAX_CONNECTIONS_LIMIT = 32;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses and validates; throws {@link EnrichmentSpecException} listing every error found. */
    public EnrichmentSpec parse(String json) {
        List<SpecError> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new EnrichmentSpecException(List.of(new SpecError(
                    "spec",
                    "is not valid JSON: "
                            + e.getOriginalMessage() + " (line "
                            + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")")));
        }
        Fields spec = Fields.of(root, "spec", errors, "source", "cache", "rateLimit", "timeout", "fallback");
        if (spec == null) {
            throw new EnrichmentSpecException(errors);
        }
        // The source's allowed fields depend on its type, so they are checked once the type is known.
        Source source = source(spec.object("source", true), errors);
        CacheSpec cache = cache(spec.object("cache", false, "enabled", "ttl", "refresh", "maxEntries"), errors);
        RateLimitSpec rateLimit = rateLimit(spec.object("rateLimit", false, "lookupsPerSecond"));
        Duration timeout = spec.duration("timeout", DEFAULT_TIMEOUT, Duration.ofMillis(1), MAX_TIMEOUT);
        String fallback = spec.nullableString("fallback");
        if (!errors.isEmpty()) {
            throw new EnrichmentSpecException(errors);
        }
        return new EnrichmentSpec(source, cache, rateLimit, timeout, fallback);
    }

    private static Source source(Fields fields, List<SpecError> errors) {
        if (fields == null) {
            return null;
        }
        String type = fields.string("type", true);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "jdbc" ->
                jdbc(fields.withAllowed(
                        "type", "url", "table", "keyColumn", "valueColumn", "user", "passwordRef", "maxConnections"));
            case "http" -> http(fields.withAllowed("type", "urlTemplate", "valuePointer"));
            default -> {
                errors.add(new SpecError(fields.path("type"), "must be \"jdbc\" or \"http\", not \"" + type + "\""));
                yield null;
            }
        };
    }

    private static JdbcSource jdbc(Fields fields) {
        String url = fields.string("url", true);
        if (url != null && url.toLowerCase(Locale.ROOT).contains("password=")) {
            fields.error("url", "must not contain a password; use spec.source.passwordRef");
        } else if (url != null) {
            try {
                PostgresUrl.endpoints(url);
            } catch (IllegalArgumentException e) {
                fields.error("url", e.getMessage());
            }
        }
        String table = fields.string("table", true);
        String schema = null;
        if (table != null) {
            String[] parts = table.split("\\.", -1);
            if (parts.length > 2 || !isIdentifier(parts[0]) || (parts.length == 2 && !isIdentifier(parts[1]))) {
                fields.error(
                        "table",
                        "must be table or schema.table, each a letter or _ followed by letters, "
                                + "digits or _ (at most 63)");
            } else if (parts.length == 2) {
                schema = parts[0];
                table = parts[1];
            }
        }
        String keyColumn = fields.identifier("keyColumn");
        String valueColumn = fields.identifier("valueColumn");
        String user = fields.string("user", false);
        SecretReference password = null;
        String passwordRef = fields.string("passwordRef", false);
        if (passwordRef != null) {
            password = SecretReference.parse(passwordRef);
            if (password == null) {
                fields.error(
                        "passwordRef",
                        "must be env:NAME or file:/absolute/path (the password itself is never "
                                + "written in a spec)");
            }
        }
        int maxConnections = fields.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, MAX_CONNECTIONS_LIMIT);
        if (fields.hasErrors()) {
            return null;
        }
        return new JdbcSource(url, schema, table, keyColumn, valueColumn, user, password, maxConnections);
    }

    private static HttpSource http(Fields fields) {
        String template = fields.string("urlTemplate", true);
        if (template != null) {
            String example = template.replace("{key}", "k");
            URI uri = null;
            try {
                uri = new URI(example);
            } catch (URISyntaxException e) {
                fields.error("urlTemplate", "is not a URL: " + e.getReason());
            }
            if (!template.contains("{key}")) {
                fields.error("urlTemplate", "must contain {key}, where the looked-up key goes");
            } else if (uri != null
                    && (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                            || uri.getHost() == null)) {
                fields.error("urlTemplate", "must be an http:// or https:// URL with a host");
            } else if (uri != null
                    && template.indexOf("{key}")
                            < template.indexOf("//") + 2 + uri.getHost().length()) {
                fields.error("urlTemplate", "{key} may appear in the path or query only, not in the host");
            }
        }
        // An empty pointer is valid: the whole response is the value.
        String pointer = fields.string("valuePointer", true, true);
        if (pointer != null && !pointer.isEmpty() && !pointer.startsWith("/")) {
            fields.error("valuePointer", "must be a JSON pointer (RFC 6901): empty or starting with /");
        }
        return fields.hasErrors() ? null : new HttpSource(template, pointer);
    }

    private static CacheSpec cache(Fields fields, List<SpecError> errors) {
        if (fields == null) {
            return new CacheSpec(true, DEFAULT_TTL, DEFAULT_REFRESH, DEFAULT_MAX_ENTRIES);
        }
        boolean enabled = fields.bool("enabled", true);
        Duration ttl = fields.duration("ttl", DEFAULT_TTL, Duration.ofMillis(1), Duration.ofDays(7));
        Duration refresh = fields.duration(
                "refresh",
                ttl == null || DEFAULT_REFRESH.compareTo(ttl) < 0 ? DEFAULT_REFRESH : ttl,
                Duration.ofMillis(1),
                Duration.ofDays(7));
        int maxEntries = fields.integer("maxEntries", DEFAULT_MAX_ENTRIES, 1, MAX_ENTRIES_LIMIT);
        if (ttl != null && refresh != null && refresh.compareTo(ttl) > 0) {
            errors.add(new SpecError(
                    fields.path("refresh"),
                    "must not be longer than spec.cache.ttl (" + ttl
                            + "): an entry expires before it would be refreshed"));
        }
        return new CacheSpec(
                enabled, ttl == null ? DEFAULT_TTL : ttl, refresh == null ? DEFAULT_REFRESH : refresh, maxEntries);
    }

    private static RateLimitSpec rateLimit(Fields fields) {
        if (fields == null) {
            return new RateLimitSpec(DEFAULT_LOOKUPS_PER_SECOND);
        }
        return new RateLimitSpec(fields.number("lookupsPerSecond", DEFAULT_LOOKUPS_PER_SECOND, 0.001, 1_000_000));
    }

    private static boolean isIdentifier(String text) {
        return IDENTIFIER.matcher(text).matches();
    }

    /** The fields of one JSON object, read with their paths; every problem lands in the shared error list. */
    private static final class Fields {
        private final ObjectNode node;
        private final String path;
        private final List<SpecError> errors;
        private final int errorsBefore;

        private Fields(ObjectNode node, String path, List<SpecError> errors) {
            this.node = node;
            this.path = path;
            this.errors = errors;
            this.errorsBefore = errors.size();
        }

        /** The object at {@code path}, its unknown fields reported; null (and an error) if it is not an object. */
        static Fields of(JsonNode node, String path, List<SpecError> errors, String... allowed) {
            if (!(node instanceof ObjectNode object)) {
                errors.add(new SpecError(path, "must be a JSON object"));
                return null;
            }
            Fields fields = new Fields(object, path, errors);
            if (allowed.length > 0) {
                fields.checkAllowed(allowed);
            }
            return fields;
        }

        Fields withAllowed(String... allowed) {
            checkAllowed(allowed);
            return this;
        }

        private void checkAllowed(String... allowed) {
            Set<String> known = Set.of(allowed);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("password")) {
                    error(name, "passwords are not accepted in a spec; use passwordRef (env:NAME or file:/path)");
                } else if (!known.contains(name)) {
                    error(name, "is not a known field; expected one of " + String.join(", ", allowed));
                }
            }
        }

        String path(String name) {
            return path + "." + name;
        }

        void error(String name, String message) {
            errors.add(new SpecError(path(name), message));
        }

        boolean hasErrors() {
            return errors.size() > errorsBefore;
        }

        Fields object(String name, boolean required, String... allowed) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    error(name, "is required");
                }
                return null;
            }
            return Fields.of(value, path(name), errors, allowed);
        }

        String string(String name, boolean required) {
            return string(name, required, false);
        }

        String string(String name, boolean required, boolean emptyAllowed) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                if (required) {
                    error(name, "is required");
                }
                return null;
            }
            if (!value.isTextual()) {
                error(name, "must be a string");
                return null;
            }
            if (required && !emptyAllowed && value.asText().isBlank()) {
                error(name, "must not be empty");
                return null;
            }
            return value.asText();
        }

        String nullableString(String name) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull() && !value.isTextual()) {
                error(name, "must be a string or null");
                return null;
            }
            return value == null || value.isNull() ? null : value.asText();
        }

        String identifier(String name) {
            String value = string(name, true);
            if (value != null && !isIdentifier(value)) {
                error(name, "must be a column name: a letter or _ followed by letters, digits or _ (at most 63)");
                return null;
            }
            return value;
        }

        boolean bool(String name, boolean defaultValue) {
            JsonNode value = node.get(name);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isBoolean()) {
                error(name, "must be true or false");
                return defaultValue;
            }
            return value.booleanValue();
        }

        int integer(String name, int defaultValue, int min, int max) {
            JsonNode value = node.get(name);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isIntegralNumber()
                    || !value.canConvertToInt()
                    || value.intValue() < min
                    || value.intValue() > max) {
                error(name, "must be a whole number from " + min + " to " + max);
                return defaultValue;
            }
            return value.intValue();
        }

        double number(String name, double defaultValue, double min, double max) {
            JsonNode value = node.get(name);
            if (value == null) {
                return defaultValue;
            }
            if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
                error(name, "must be a number from " + min + " to " + max);
                return defaultValue;
            }
            return value.doubleValue();
        }

        /** A duration in Flink's syntax; null (and an error) when it is malformed or out of range. */
        Duration duration(String name, Duration defaultValue, Duration min, Duration max) {
            JsonNode value = node.get(name);
            if (value == null) {
                return defaultValue;
            }
            Duration duration = null;
            if (value.isTextual()) {
                try {
                    duration = TimeUtils.parseDuration(value.asText());
                } catch (IllegalArgumentException e) {
                    // reported below with the expected syntax
                }
            }
            if (duration == null) {
                error(name, "must be a duration such as \"500 ms\", \"30 s\" or \"5 min\"");
            } else if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                error(
                        name,
                        "must be from " + TimeUtils.formatWithHighestUnit(min) + " to "
                                + TimeUtils.formatWithHighestUnit(max));
                duration = null;
            }
            return duration;
        }
    }
}
