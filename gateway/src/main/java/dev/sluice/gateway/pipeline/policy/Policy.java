package dev.sluice.gateway.pipeline.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.execute.StoragePath;
import dev.sluice.udf.net.OutboundRules;

import javax.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a tenant's statements may do. A field that is absent or null takes its default, and {@link #defaults()} (every
 * field absent) allows Sluice's bundled connectors with the options each allows ({@link TableOptionRules}) and the
 * settings a user tunes ({@link SettingAllowlist}), but no file system path and no internal host until an admin grants
 * them; it forbids what would load code, reach past Sluice's own job and catalog handling, or reconfigure the gateway.
 * Values are normalized (names and keys in lower case, paths resolved, duplicates dropped), so storing the same policy
 * twice stores the same document.
 *
 * @param allowedConnectors the values {@code 'connector'} may take
 * @param allowedPaths the tenant's storage roots: the only places its tables (and Kafka key and trust stores) may read
 *     and write, as absolute local paths or URIs ({@code s3://bucket/in}); none by default. Locations the gateway
 *     protects ({@link StorageLocations}) stay out of reach even inside a root.
 * @param forbiddenOptions table option keys no table may set, on top of what each connector allows
 * @param forbiddenStatements statements the tenant may not run
 * @param protectedSettings configuration keys that SET, RESET and session properties may not change, on top of those
 *     outside {@link SettingAllowlist}
 * @param maxWindowSize the largest TUMBLE, HOP or CUMULATE size and SESSION gap; null for no limit
 * @param maxStateTtl the longest state TTL ({@code table.exec.state.ttl}, STATE_TTL hints); null for no limit
 * @param watermarksRequiredFor connectors whose CREATE TABLE must declare a WATERMARK; empty turns the rule off
 * @param allowedHosts internal hosts (loopback, private, link-local networks) that the tenant's connectors and
 *     enrichment lookups may reach, as host names, addresses or CIDR networks with an optional port; public addresses
 *     are open to every tenant (see {@link OutboundRules})
 * @param allowJavaFunctions whether the tenant's analysts may upload Java functions, whose code runs unsandboxed in
 *     the gateway (when it is checked) and on the cluster; false unless an admin allows it. Admins always may.
 * @param requirePassingTests whether an INSERT (alone or in a statement set) runs only once a statement test of that
 *     very INSERT has passed in the tenant (submitted with it, or saved beside its script and run); false by default
 */
public record Policy(
        List<String> allowedConnectors,
        List<String> allowedPaths,
        List<String> forbiddenOptions,
        List<GuardedStatement> forbiddenStatements,
        List<String> protectedSettings,

        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = IsoDuration.class) @Nullable
        Duration maxWindowSize,

        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = IsoDuration.class) @Nullable
        Duration maxStateTtl,

        List<String> watermarksRequiredFor,
        List<String> allowedHosts,
        Boolean allowJavaFunctions,
        Boolean requirePassingTests) {

    static final List<String> DEFAULT_CONNECTORS =
            List.of("datagen", "filesystem", "kafka", "upsert-kafka", "jdbc", "blackhole", "print");
    static final List<String> DEFAULT_PATHS = List.of();
    static final List<String> DEFAULT_FORBIDDEN_OPTIONS = List.of("properties.sasl.jaas.config");
    static final List<GuardedStatement> DEFAULT_FORBIDDEN_STATEMENTS = List.of(GuardedStatement.values());
    static final List<String> DEFAULT_PROTECTED_SETTINGS = List.of(
            "execution.target",
            "execution.attached",
            "rest.*",
            "pipeline.jars",
            "pipeline.classpaths",
            "sql-gateway.*",
            "table.resources.download-dir",
            "sluice.*",
            "$internal.*");

    /**
     * Whether SET, RESET or a session property may not change the key. A session's own options
     * ({@value SluiceOptions#SESSION_OPTIONS_PREFIX}*) are always the client's to set.
     */
    Optional<String> protection(String key) {
        if (SettingPattern.normalize(key).startsWith(SluiceOptions.SESSION_OPTIONS_PREFIX)) {
            return Optional.empty();
        }
        return protectedSettings.stream()
                .filter(pattern -> SettingPattern.matches(pattern, key))
                .findFirst();
    }

    public Policy {
        allowedConnectors = normalized("allowedConnectors", allowedConnectors, DEFAULT_CONNECTORS, Policy::name);
        allowedPaths = normalized("allowedPaths", allowedPaths, DEFAULT_PATHS, Policy::location);
        forbiddenOptions = normalized("forbiddenOptions", forbiddenOptions, DEFAULT_FORBIDDEN_OPTIONS, Policy::pattern);
        forbiddenStatements = normalized(
                "forbiddenStatements", forbiddenStatements, DEFAULT_FORBIDDEN_STATEMENTS, UnaryOperator.identity());
        protectedSettings =
                normalized("protectedSettings", protectedSettings, DEFAULT_PROTECTED_SETTINGS, Policy::pattern);
        requirePositive("maxWindowSize", maxWindowSize);
        requirePositive("maxStateTtl", maxStateTtl);
        watermarksRequiredFor = normalized("watermarksRequiredFor", watermarksRequiredFor, List.of(), Policy::name);
        allowedHosts = normalized("allowedHosts", allowedHosts, List.of(), Policy::host);
        allowJavaFunctions = Boolean.TRUE.equals(allowJavaFunctions);
        requirePassingTests = Boolean.TRUE.equals(requirePassingTests);
    }

    /** The policy of a tenant no admin has given one. */
    public static Policy defaults() {
        return new Policy(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Where the tenant's connectors and enrichment lookups may connect. */
    public OutboundRules outboundRules() {
        return new OutboundRules(allowedHosts);
    }

    /** This policy with one more storage root (as {@link #storageRoot} normalized it); a root granted twice is kept once. */
    public Policy withStorageRoot(String root) {
        return new Policy(
                allowedConnectors,
                adding(allowedPaths, root),
                forbiddenOptions,
                forbiddenStatements,
                protectedSettings,
                maxWindowSize,
                maxStateTtl,
                watermarksRequiredFor,
                allowedHosts,
                allowJavaFunctions,
                requirePassingTests);
    }

    /** This policy without the storage root, or empty when it has no such root. */
    public Optional<Policy> withoutStorageRoot(String root) {
        return removing(allowedPaths, root)
                .map(roots -> new Policy(
                        allowedConnectors,
                        roots,
                        forbiddenOptions,
                        forbiddenStatements,
                        protectedSettings,
                        maxWindowSize,
                        maxStateTtl,
                        watermarksRequiredFor,
                        allowedHosts,
                        allowJavaFunctions,
                        requirePassingTests));
    }

    /** This policy with one more allowed host (as {@link #allowedHost} normalized it). */
    public Policy withHost(String host) {
        return new Policy(
                allowedConnectors,
                allowedPaths,
                forbiddenOptions,
                forbiddenStatements,
                protectedSettings,
                maxWindowSize,
                maxStateTtl,
                watermarksRequiredFor,
                adding(allowedHosts, host),
                allowJavaFunctions,
                requirePassingTests);
    }

    /** This policy without the allowed host, or empty when it does not allow it. */
    public Optional<Policy> withoutHost(String host) {
        return removing(allowedHosts, host)
                .map(hosts -> new Policy(
                        allowedConnectors,
                        allowedPaths,
                        forbiddenOptions,
                        forbiddenStatements,
                        protectedSettings,
                        maxWindowSize,
                        maxStateTtl,
                        watermarksRequiredFor,
                        hosts,
                        allowJavaFunctions,
                        requirePassingTests));
    }

    /**
     * A storage root as a policy stores it.
     *
     * @throws GatewayException naming {@code field} when it is not an absolute path or URI
     */
    public static String storageRoot(String value, String field) {
        try {
            return location(value);
        } catch (BadValue e) {
            throw invalid(field, "Field '" + field + "' " + e.getMessage());
        }
    }

    /**
     * An allowed host as a policy stores it.
     *
     * @throws GatewayException naming {@code field} when it is not a host, address or network
     */
    public static String allowedHost(String value, String field) {
        try {
            return host(value);
        } catch (BadValue e) {
            throw invalid(field, "Field '" + field + "' " + e.getMessage());
        }
    }

    private static List<String> adding(List<String> values, String value) {
        List<String> added = new ArrayList<>(values);
        added.add(value);
        return added;
    }

    private static Optional<List<String>> removing(List<String> values, String value) {
        List<String> rest =
                values.stream().filter(existing -> !existing.equals(value)).toList();
        return rest.size() == values.size() ? Optional.empty() : Optional.of(rest);
    }

    /** A problem with one value of a list, found by the normalizer: the value is named by the caller. */
    private static final class BadValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadValue(String message) {
            super(message, null, false, false);
        }
    }

    private static <T> List<T> normalized(
            String field, @Nullable List<T> values, List<T> defaults, UnaryOperator<T> normalize) {
        if (values == null) {
            return defaults;
        }
        LinkedHashSet<T> result = new LinkedHashSet<>();
        List<T> input = new ArrayList<>(values);
        for (int i = 0; i < input.size(); i++) {
            String element = field + "[" + i + "]";
            if (input.get(i) == null) {
                throw invalid(element, "Field '" + element + "' must not be null.");
            }
            try {
                result.add(normalize.apply(input.get(i)));
            } catch (BadValue e) {
                throw invalid(element, "Field '" + element + "' " + e.getMessage());
            }
        }
        return List.copyOf(result);
    }

    private static String name(String value) {
        if (value.isBlank()) {
            throw new BadValue("must not be blank.");
        }
        return normalizedName(value);
    }

    /** A connector name as rules compare it: the same connector however its value is cased or padded. */
    static String normalizedName(String value) {
        return value.strip().toLowerCase(Locale.ROOT);
    }

    private static String host(String value) {
        try {
            return OutboundRules.normalizeEntry(value);
        } catch (IllegalArgumentException e) {
            throw new BadValue("is not valid: " + e.getMessage() + ".");
        }
    }

    private static String pattern(String value) {
        String normalized = SettingPattern.normalize(value);
        String problem = SettingPattern.problem(normalized);
        if (problem != null) {
            throw new BadValue(problem + ": '" + value + "'.");
        }
        return normalized;
    }

    /** An admin's root, trimmed (unlike a table's path, which Flink reads as written). */
    private static String location(String value) {
        return StoragePath.parse(value.strip())
                .map(StoragePath::toString)
                .orElseThrow(() ->
                        new BadValue("is not an absolute path or URI without '..' above its root: '" + value + "'."));
    }

    private static void requirePositive(String field, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw invalid(field, "Field '" + field + "' must be a positive duration, or null for no limit.");
        }
    }

    private static GatewayException invalid(String field, String message) {
        return GatewayException.forField(
                ErrorCode.INVALID_REQUEST, field, message, "docs/policy.md describes every field and its default.");
    }

    /** An ISO-8601 duration such as {@code "PT1H"}; a number or any other JSON type is the caller's mistake. */
    static final class IsoDuration extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Duration) context.handleUnexpectedToken(Duration.class, parser);
            }
            try {
                return Duration.parse(parser.getText().strip());
            } catch (DateTimeParseException e) {
                return (Duration)
                        context.handleWeirdStringValue(Duration.class, parser.getText(), "not an ISO-8601 duration");
            }
        }
    }
}
