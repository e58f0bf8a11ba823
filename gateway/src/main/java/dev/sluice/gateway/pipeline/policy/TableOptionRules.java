package dev.sluice.gateway.pipeline.policy;

import javax.annotation.Nullable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The table options Sluice allows, by list: for each connector and format Flink has on the gateway's class path, every
 * option a table may set and what its value may be ({@link OptionRule}). An option of a listed connector that is not
 * listed is refused; values that name a path, a host or a class get a rule of their own (a path under a storage root, a
 * host the tenant may reach, only the class names Flink builds in). {@code TableOptionRulesTest} fails when a connector
 * or format on the class path declares an option this class has not decided on, so a Flink upgrade forces a decision.
 *
 * <p>A connector an admin allows that is not listed here gets generic rules, by what its keys look like: a key that
 * names a class, a callback or a provider is refused; one that names a path, directory, file or location must be a path
 * under a storage root; one that names a URL, host, server or endpoint must name hosts the tenant may reach.
 */
final class TableOptionRules {

    /** A connector's options: by exact key, by pattern ({@code fields.#.kind}), the keys naming its formats. */
    record Connector(
            String name,
            @Nullable String refusal,
            Map<String, OptionRule> options,
            Map<String, String> formatPrefixes,
            boolean kafkaProperties) {
        Connector {
            requireNonNull(name, "name is null");
            options = Map.copyOf(options);
            formatPrefixes = Map.copyOf(formatPrefixes);
        }

        /** The rule of an option of this connector's own (not a format's), or empty when it does not allow it. */
        Optional<OptionRule> own(String key) {
            OptionRule exact = options.get(key);
            if (exact != null) {
                return Optional.of(exact);
            }
            return options.entrySet().stream()
                    .filter(option -> option.getKey().contains("#")
                            && pattern(option.getKey()).matcher(key).matches())
                    .map(Map.Entry::getValue)
                    .findFirst();
        }

        /** The allowed keys, for hints: the connector's own, then where format and Kafka options go. */
        String summary() {
            String own = options.keySet().stream().sorted().collect(Collectors.joining(", "));
            String formats = formatPrefixes.values().stream()
                    .sorted()
                    .map(prefix -> "'" + prefix + "<format>.<option>'")
                    .collect(Collectors.joining(", "));
            return own
                    + (formats.isEmpty() ? "" : "; format options as " + formats)
                    + (kafkaProperties ? "; 'properties.<key>' for the Kafka client keys of docs/policy.md" : "");
        }
    }

    /** Options every table may set, whatever its connector (FactoryUtil's). */
    private static final Map<String, OptionRule> COMMON = Map.of(
            "connector", OptionRule.ANY,
            "scan.watermark.emit.strategy", OptionRule.ANY,
            "scan.watermark.emit.on-event.gap", OptionRule.ANY,
            "scan.watermark.alignment.group", OptionRule.ANY,
            "scan.watermark.alignment.max-drift", OptionRule.ANY,
            "scan.watermark.alignment.update-interval", OptionRule.ANY,
            "scan.watermark.idle-timeout", OptionRule.ANY);

    private static final String CLASS =
            "it names a class, which Flink would load and run in the gateway and on the cluster";

    private static final List<String> JSON_OPTIONS = List.of(
            "ignore-parse-errors",
            "timestamp-format.standard",
            "map-null-key.mode",
            "map-null-key.literal",
            "encode.decimal-as-plain-number",
            "encode.ignore-null-fields");

    /** Each format's options, without the {@code <format>.} prefix a table writes them with. */
    private static final Map<String, Map<String, OptionRule>> FORMATS = Map.of(
            "json", any(JSON_OPTIONS, "fail-on-missing-field", "decode.json-parser.enabled"),
            "debezium-json", any(JSON_OPTIONS, "schema-include"),
            "canal-json", any(JSON_OPTIONS, "database.include", "table.include"),
            "maxwell-json", any(JSON_OPTIONS),
            "ogg-json", any(JSON_OPTIONS),
            "csv",
                    any(List.of(
                            "field-delimiter",
                            "disable-quote-character",
                            "quote-character",
                            "allow-comments",
                            "ignore-parse-errors",
                            "array-element-delimiter",
                            "escape-character",
                            "null-literal",
                            "write-bigdecimal-in-scientific-notation")),
            "raw", any(List.of("charset", "endianness")),
            // Codecs by Avro's own names; xz's library is neither on the gateway's class path nor in the Flink image.
            "avro",
                    Map.of(
                            "codec", OptionRule.oneOf("null", "deflate", "snappy", "bzip2", "zstandard"),
                            "encoding", OptionRule.oneOf("binary", "json"),
                            "timestamp_mapping.legacy", OptionRule.ANY));

    private static final Map<String, Connector> CONNECTORS = connectors(
            declare("datagen")
                    .any("rows-per-second", "number-of-rows", "scan.parallelism")
                    .any(
                            "fields.#.kind",
                            "fields.#.min",
                            "fields.#.max",
                            "fields.#.max-past",
                            "fields.#.length",
                            "fields.#.var-len",
                            "fields.#.start",
                            "fields.#.end",
                            "fields.#.null-rate"),
            declare("blackhole"),
            declare("print").any("print-identifier", "standard-error", "sink.parallelism"),
            declare("filesystem")
                    .rule("path", OptionRule.PATH)
                    .format("format", "")
                    .any(
                            "source.monitor-interval",
                            "source.report-statistics",
                            "source.path.regex-pattern",
                            "partition.default-name",
                            "sink.rolling-policy.file-size",
                            "sink.rolling-policy.rollover-interval",
                            "sink.rolling-policy.inactivity-interval",
                            "sink.rolling-policy.check-interval",
                            "sink.shuffle-by-partition.enable",
                            "sink.partition-commit.trigger",
                            "sink.partition-commit.delay",
                            "sink.partition-commit.watermark-time-zone",
                            "partition.time-extractor.timestamp-pattern",
                            "partition.time-extractor.timestamp-formatter",
                            "auto-compaction",
                            "compaction.file-size",
                            "sink.parallelism")
                    // 'custom' takes a class from the option beside it; 'metastore' needs a Hive catalog Sluice has
                    // not.
                    .rule("partition.time-extractor.kind", OptionRule.oneOf("default"))
                    .rule("sink.partition-commit.policy.kind", OptionRule.subsetOf("success-file"))
                    .rule("sink.partition-commit.success-file.name", OptionRule.FILE_NAME)
                    .rule("partition.time-extractor.class", OptionRule.refused(CLASS))
                    .rule("sink.partition-commit.policy.class", OptionRule.refused(CLASS))
                    .rule(
                            "sink.partition-commit.policy.class.parameters",
                            OptionRule.refused("it configures a partition commit policy class")),
            kafka("kafka")
                    .format("format", "")
                    .format("key.format", "key.")
                    .format("value.format", "value.")
                    .any(
                            "topic",
                            "topic-pattern",
                            "key.fields",
                            "key.fields-prefix",
                            "value.fields-include",
                            "scan.startup.mode",
                            "scan.startup.specific-offsets",
                            "scan.startup.timestamp-millis",
                            "scan.bounded.mode",
                            "scan.bounded.specific-offsets",
                            "scan.bounded.timestamp-millis",
                            "scan.topic-partition-discovery.interval",
                            "scan.parallelism",
                            "sink.delivery-guarantee",
                            "sink.transactional-id-prefix",
                            "sink.transaction-naming-strategy",
                            "sink.semantic",
                            "sink.parallelism")
                    // Any other value is a FlinkKafkaPartitioner's class name.
                    .rule("sink.partitioner", OptionRule.oneOf("default", "fixed", "round-robin")),
            kafka("upsert-kafka")
                    .format("key.format", "key.")
                    .format("value.format", "value.")
                    .any(
                            "topic",
                            "topic-pattern",
                            "key.fields-prefix",
                            "value.fields-include",
                            "scan.bounded.mode",
                            "scan.bounded.specific-offsets",
                            "scan.bounded.timestamp-millis",
                            "scan.topic-partition-discovery.interval",
                            "scan.parallelism",
                            "sink.buffer-flush.max-rows",
                            "sink.buffer-flush.interval",
                            "sink.delivery-guarantee",
                            "sink.transactional-id-prefix",
                            "sink.transaction-naming-strategy",
                            "sink.parallelism"),
            // Sluice's own, for statement tests: their stand-in tables are made by Sluice after the policy has checked
            // the statement's own tables, never declared by a statement.
            declare("sluice-test-rows")
                    .refuse(
                            "it is the connector Sluice's statement tests stand in for tables with; test a statement with"
                                    + " POST /api/v1/statements:test"),
            declare("dynamic-kafka")
                    .refuse(
                            "its Kafka clusters come from a metadata service, a class named by 'metadata-service', whose hosts no"
                                    + " rule sees; use the 'kafka' connector"),
            declare("jdbc")
                    .rule("url", OptionRule.JDBC_URL)
                    // The driver is loaded by this class name; PostgreSQL's is the only one Sluice allows.
                    .rule("driver", OptionRule.oneOf("org.postgresql.Driver"))
                    .rule("compatible-mode", OptionRule.oneOf("postgresql"))
                    .any(
                            "table-name",
                            "username",
                            "password",
                            "connection.max-retry-timeout",
                            "scan.partition.column",
                            "scan.partition.num",
                            "scan.partition.lower-bound",
                            "scan.partition.upper-bound",
                            "scan.fetch-size",
                            "scan.auto-commit",
                            "filter.handling.policy",
                            "lookup.cache",
                            "lookup.cache.max-rows",
                            "lookup.cache.ttl",
                            "lookup.cache.caching-missing-key",
                            "lookup.partial-cache.max-rows",
                            "lookup.partial-cache.expire-after-access",
                            "lookup.partial-cache.expire-after-write",
                            "lookup.partial-cache.cache-missing-key",
                            "lookup.max-retries",
                            "sink.buffer-flush.max-rows",
                            "sink.buffer-flush.interval",
                            "sink.max-retries",
                            "sink.parallelism"),
            // Flink's legacy CSV sink: not allowed by default; an admin who allows it gets its path checked.
            declare("legacy-csv").rule("path", OptionRule.PATH).any("write-mode", "num-files", "field-delimiter"));

    /**
     * The Kafka client keys a table may pass as {@code properties.<key>}: connections, timeouts, batching, offsets and TLS.
     * Left out: anything naming a class (interceptors, metric reporters, serializers, partitioners, assignors, SASL
     * login modules and callbacks), configuration providers (which read files and environment variables), SASL and its
     * JAAS configuration, OAuth endpoints and Kerberos.
     */
    private static final Map<String, OptionRule> KAFKA_PROPERTIES = kafkaProperties();

    /** Kafka client keys refused with a reason of their own; any other unlisted key is refused as not allowed. */
    private static final Map<String, String> KAFKA_REFUSALS = Map.of(
            "config.providers", "configuration providers read files and environment variables of the process",
            "interceptor.classes", CLASS,
            "metric.reporters", CLASS,
            "partitioner.class", CLASS,
            "partition.assignment.strategy", CLASS,
            "sasl.jaas.config", "a JAAS configuration names a login module class and the files it reads",
            "security.providers", CLASS,
            "ssl.engine.factory.class", CLASS);

    private static final Pattern CLASS_LIKE = Pattern.compile(
            ".*(class|factory|callback|handler|provider|providers|interceptor|interceptors|reporter|reporters|plugin|jaas).*");
    private static final Pattern PATH_LIKE = Pattern.compile(
            "(.*[.-])?(path|paths|dir|dirs|directory|file|files|folder|location|warehouse|keystore|truststore)([.-].*)?");
    private static final Pattern HOST_LIKE = Pattern.compile(
            "(.*[.-])?(url|urls|uri|uris|host|hosts|hostname|server|servers|address|addresses|endpoint|endpoints|broker|brokers)([.-].*)?");

    private TableOptionRules() {}

    /** The rules of a connector Sluice knows, or empty for one only an admin's policy allows (generic rules apply). */
    static Optional<Connector> connector(String name) {
        return Optional.ofNullable(CONNECTORS.get(name));
    }

    static Set<String> connectors() {
        return CONNECTORS.keySet();
    }

    static Set<String> formats() {
        return FORMATS.keySet();
    }

    /**
     * The rule of an option of a table of a known connector, given its other options (which name its formats); empty
     * when the connector does not allow the option.
     */
    static Optional<OptionRule> rule(Connector connector, String key, Map<String, String> options) {
        OptionRule common = COMMON.get(key);
        if (common != null) {
            return Optional.of(common);
        }
        Optional<OptionRule> own = connector.own(key);
        if (own.isPresent()) {
            return own;
        }
        if (connector.kafkaProperties() && key.startsWith("properties.")) {
            return kafkaProperty(key.substring("properties.".length()));
        }
        for (Map.Entry<String, String> slot : connector.formatPrefixes().entrySet()) {
            String format = options.entrySet().stream()
                    .filter(option ->
                            option.getKey().strip().toLowerCase(Locale.ROOT).equals(slot.getKey()))
                    .map(option -> option.getValue().strip().toLowerCase(Locale.ROOT))
                    .findFirst()
                    .orElse(null);
            String prefix = slot.getValue() + format + ".";
            if (format != null && key.startsWith(prefix)) {
                return formatOption(format, key.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /** A format's option, without its prefix; empty when the format does not allow it. */
    static Optional<OptionRule> formatOption(String format, String option) {
        Map<String, OptionRule> options = FORMATS.get(format);
        return options == null ? Optional.empty() : Optional.ofNullable(options.get(option));
    }

    /** A Kafka client key, without {@code properties.}; empty when it is not allowed. */
    static Optional<OptionRule> kafkaProperty(String key) {
        String refusal = KAFKA_REFUSALS.get(key);
        if (refusal != null) {
            return Optional.of(OptionRule.refused(refusal));
        }
        if (key.startsWith("sasl.") || key.startsWith("config.providers.")) {
            return Optional.of(
                    OptionRule.refused("Sluice does not pass SASL or configuration provider keys to the Kafka client"));
        }
        return Optional.ofNullable(KAFKA_PROPERTIES.get(key));
    }

    /** The Kafka client keys a table may set, for hints. */
    static String kafkaPropertiesSummary() {
        return KAFKA_PROPERTIES.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    /** The rule of an option of a connector Sluice does not know, judged by what its key looks like. */
    static OptionRule generic(String key) {
        if (key.equals("connector") || COMMON.containsKey(key)) {
            return OptionRule.ANY;
        }
        if (CLASS_LIKE.matcher(key).matches()) {
            return OptionRule.refused(
                    "its key looks like it names a class, a callback or a provider, which Sluice does not"
                            + " allow for connectors it does not know");
        }
        if (PATH_LIKE.matcher(key).matches()) {
            return OptionRule.PATH;
        }
        return HOST_LIKE.matcher(key).matches() ? OptionRule.HOSTS : OptionRule.ANY;
    }

    /** The value of a format-naming option must be a format Sluice knows. */
    static OptionRule formatName() {
        return new OptionRule(OptionRule.Kind.ONE_OF, FORMATS.keySet(), "");
    }

    private static Pattern pattern(String key) {
        return Pattern.compile(Pattern.quote(key).replace("#", "\\E.+\\Q"));
    }

    private static Map<String, OptionRule> kafkaProperties() {
        Map<String, OptionRule> keys = new LinkedHashMap<>();
        for (String key : List.of(
                // Connections and timeouts
                "client.id",
                "client.rack",
                "request.timeout.ms",
                "default.api.timeout.ms",
                "connections.max.idle.ms",
                "reconnect.backoff.ms",
                "reconnect.backoff.max.ms",
                "retry.backoff.ms",
                "retry.backoff.max.ms",
                "socket.connection.setup.timeout.ms",
                "socket.connection.setup.timeout.max.ms",
                "receive.buffer.bytes",
                "send.buffer.bytes",
                "metadata.max.age.ms",
                "metadata.max.idle.ms",
                // Consumers
                "group.id",
                "group.instance.id",
                "auto.offset.reset",
                "max.poll.records",
                "max.poll.interval.ms",
                "fetch.min.bytes",
                "fetch.max.bytes",
                "fetch.max.wait.ms",
                "max.partition.fetch.bytes",
                "session.timeout.ms",
                "heartbeat.interval.ms",
                "enable.auto.commit",
                "auto.commit.interval.ms",
                "allow.auto.create.topics",
                "check.crcs",
                // Producers
                "acks",
                "linger.ms",
                "batch.size",
                "buffer.memory",
                "compression.gzip.level",
                "compression.lz4.level",
                "compression.zstd.level",
                "max.request.size",
                "max.block.ms",
                "delivery.timeout.ms",
                "retries",
                "enable.idempotence",
                "max.in.flight.requests.per.connection",
                "transaction.timeout.ms",
                "partitioner.ignore.keys",
                "partitioner.adaptive.partitioning.enable",
                "partitioner.availability.timeout.ms",
                // TLS, with certificates inline or in stores under a storage root
                "ssl.protocol",
                "ssl.enabled.protocols",
                "ssl.cipher.suites",
                "ssl.keystore.password",
                "ssl.truststore.password",
                "ssl.key.password",
                "ssl.keystore.key",
                "ssl.keystore.certificate.chain",
                "ssl.truststore.certificates",
                "ssl.keymanager.algorithm",
                "ssl.trustmanager.algorithm")) {
            keys.put(key, OptionRule.ANY);
        }
        keys.put("bootstrap.servers", OptionRule.HOSTS);
        keys.put("security.protocol", OptionRule.oneOf("PLAINTEXT", "SSL"));
        keys.put("isolation.level", OptionRule.oneOf("read_committed", "read_uncommitted"));
        keys.put("compression.type", OptionRule.oneOf("none", "gzip", "snappy", "lz4", "zstd"));
        // resolve_canonical_bootstrap_servers_only connects to the names the bootstrap addresses resolve back to.
        keys.put("client.dns.lookup", OptionRule.oneOf("use_all_dns_ips"));
        keys.put("ssl.endpoint.identification.algorithm", OptionRule.oneOf("https", ""));
        keys.put("ssl.keystore.type", OptionRule.oneOf("JKS", "PKCS12", "PEM"));
        keys.put("ssl.truststore.type", OptionRule.oneOf("JKS", "PKCS12", "PEM"));
        keys.put("ssl.keystore.location", OptionRule.PATH);
        keys.put("ssl.truststore.location", OptionRule.PATH);
        return Map.copyOf(keys);
    }

    private static Map<String, OptionRule> any(List<String> common, String... more) {
        Map<String, OptionRule> options = new LinkedHashMap<>();
        common.forEach(option -> options.put(option, OptionRule.ANY));
        for (String option : more) {
            options.put(option, OptionRule.ANY);
        }
        return Map.copyOf(options);
    }

    private static Map<String, Connector> connectors(Builder... builders) {
        Map<String, Connector> connectors = new LinkedHashMap<>();
        for (Builder builder : builders) {
            connectors.put(builder.name, builder.build());
        }
        return Map.copyOf(connectors);
    }

    private static Builder declare(String name) {
        return new Builder(name, false);
    }

    private static Builder kafka(String name) {
        return new Builder(name, true).rule("properties.bootstrap.servers", OptionRule.HOSTS);
    }

    /** Declares a connector's options, one call per kind of rule. */
    private static final class Builder {
        private final String name;
        private final boolean kafkaProperties;
        private final Map<String, OptionRule> options = new LinkedHashMap<>();
        private final Map<String, String> formatPrefixes = new LinkedHashMap<>();
        private String refusal;

        Builder(String name, boolean kafkaProperties) {
            this.name = name;
            this.kafkaProperties = kafkaProperties;
        }

        Builder any(String... keys) {
            for (String key : keys) {
                rule(key, OptionRule.ANY);
            }
            return this;
        }

        Builder rule(String key, OptionRule rule) {
            if (options.put(key, rule) != null) {
                throw new IllegalStateException(name + " declares option '" + key + "' twice");
            }
            return this;
        }

        /** An option naming a format, whose options the table writes as {@code <prefix><format>.<option>}. */
        Builder format(String key, String prefix) {
            formatPrefixes.put(key, prefix);
            return rule(key, formatName());
        }

        Builder refuse(String why) {
            this.refusal = why;
            return this;
        }

        Connector build() {
            return new Connector(name, refusal, options, formatPrefixes, kafkaProperties);
        }
    }
}
