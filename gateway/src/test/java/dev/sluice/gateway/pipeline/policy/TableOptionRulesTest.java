package dev.sluice.gateway.pipeline.policy;

import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.Factory;
import org.apache.flink.table.factories.FormatFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connector and format Flink finds on the gateway's class path, and every option each declares (fallback and
 * deprecated keys included), has a decision in {@link TableOptionRules}: allowed with a rule, or refused. A Flink
 * upgrade or a new connector that adds an option fails here until someone decides on it.
 */
class TableOptionRulesTest {

    private static List<Factory> factories() {
        return StreamSupport.stream(ServiceLoader.load(Factory.class).spliterator(), false)
                .toList();
    }

    private static Stream<String> keys(Factory factory) {
        return Stream.concat(factory.requiredOptions().stream(), factory.optionalOptions().stream())
                .flatMap(option -> Stream.concat(
                        Stream.of(option.key()),
                        StreamSupport.stream(option.fallbackKeys().spliterator(), false)
                                .map(FallbackKey::getKey)));
    }

    @Test
    void everyConnectorOnTheClassPathHasADecisionForEveryOption() {
        List<String> undecided = new ArrayList<>();
        Set<String> connectors = new TreeSet<>();
        for (Factory factory : factories()) {
            if (!(factory instanceof DynamicTableFactory)) {
                continue;
            }
            connectors.add(factory.factoryIdentifier());
            TableOptionRules.Connector connector =
                    TableOptionRules.connector(factory.factoryIdentifier()).orElse(null);
            if (connector == null) {
                undecided.add(factory.factoryIdentifier() + " (the connector)");
                continue;
            }
            if (connector.refusal() != null) {
                continue;
            }
            // A table naming every format the connector reads, so format-naming options are decided too.
            Map<String, String> table = Map.of("format", "json", "key.format", "json", "value.format", "json");
            keys(factory)
                    .filter(key -> TableOptionRules.rule(connector, key, table).isEmpty())
                    .forEach(key -> undecided.add(factory.factoryIdentifier() + ": " + key));
        }
        assertThat(connectors).contains("datagen", "filesystem", "kafka", "upsert-kafka", "jdbc", "blackhole", "print");
        assertThat(undecided).as("options nobody decided on (TableOptionRules)").isEmpty();
    }

    @Test
    void everyFormatOnTheClassPathHasADecisionForEveryOption() {
        List<String> undecided = new ArrayList<>();
        Set<String> formats = new TreeSet<>();
        for (Factory factory : factories()) {
            if (factory instanceof FormatFactory) {
                formats.add(factory.factoryIdentifier());
                keys(factory)
                        .filter(key -> TableOptionRules.formatOption(factory.factoryIdentifier(), key)
                                .isEmpty())
                        .forEach(key -> undecided.add(factory.factoryIdentifier() + ": " + key));
            }
        }
        assertThat(formats).contains("json", "csv", "raw", "debezium-json", "canal-json", "maxwell-json", "avro");
        assertThat(TableOptionRules.formats()).as("formats with rules").containsAll(formats);
        assertThat(undecided)
                .as("format options nobody decided on (TableOptionRules)")
                .isEmpty();
    }

    @Test
    void noOptionOfAConnectorThatNamesAClassIsAllowedAsIs() {
        for (Factory factory : factories()) {
            TableOptionRules.connector(factory.factoryIdentifier())
                    .filter(connector -> connector.refusal() == null)
                    .ifPresent(connector -> keys(factory)
                            .filter(key -> key.endsWith(".class") || key.endsWith("-class"))
                            .forEach(key -> assertThat(TableOptionRules.rule(connector, key, Map.of())
                                            .orElseThrow()
                                            .kind())
                                    .as(factory.factoryIdentifier() + ": " + key)
                                    .isEqualTo(OptionRule.Kind.REFUSED)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bootstrap.servers,              HOSTS",
        "group.id,                       ANY",
        "ssl.truststore.location,        PATH",
        "security.protocol,              ONE_OF",
        "config.providers,               REFUSED",
        "config.providers.file.class,    REFUSED",
        "interceptor.classes,            REFUSED",
        "metric.reporters,               REFUSED",
        "sasl.jaas.config,               REFUSED",
        "sasl.login.callback.handler.class, REFUSED",
        "sasl.oauthbearer.token.endpoint.url, REFUSED",
        "ssl.engine.factory.class,       REFUSED",
    })
    void kafkaClientKeysAreAllowedByList(String key, OptionRule.Kind kind) {
        assertThat(TableOptionRules.kafkaProperty(key).orElseThrow().kind()).isEqualTo(kind);
        assertThat(TableOptionRules.kafkaProperty("key.deserializer")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "warehouse,                   PATH",
        "catalog.root-path,           PATH",
        "ssl.keystore.location,       PATH",
        "hosts,                       HOSTS",
        "schema-registry.url,         HOSTS",
        "sink.callback.handler.class, REFUSED",
        "reader.factory,              REFUSED",
        "topic,                       ANY",
        "connector,                   ANY",
    })
    void aConnectorOnlyAnAdminAllowsGetsGenericRules(String key, OptionRule.Kind kind) {
        assertThat(TableOptionRules.generic(key).kind()).isEqualTo(kind);
    }

    @Test
    void formatOptionsGoWithTheFormatTheTableNames() {
        TableOptionRules.Connector kafka = TableOptionRules.connector("kafka").orElseThrow();
        Map<String, String> table = Map.of("key.format", "raw", "value.format", "csv");

        assertThat(TableOptionRules.rule(kafka, "value.csv.field-delimiter", table))
                .isPresent();
        assertThat(TableOptionRules.rule(kafka, "key.raw.charset", table)).isPresent();
        assertThat(TableOptionRules.rule(kafka, "value.json.fail-on-missing-field", table))
                .isEmpty();
        assertThat(TableOptionRules.rule(kafka, "csv.field-delimiter", table)).isEmpty();
        assertThat(TableOptionRules.rule(kafka, "scan.watermark.idle-timeout", table))
                .isPresent();
    }
}
