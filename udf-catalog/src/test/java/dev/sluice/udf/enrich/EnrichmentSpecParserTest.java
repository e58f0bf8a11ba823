package dev.sluice.udf.enrich;

import dev.sluice.udf.enrich.EnrichmentSpec.CacheSpec;
import dev.sluice.udf.enrich.EnrichmentSpec.HttpSource;
import dev.sluice.udf.enrich.EnrichmentSpec.JdbcSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichmentSpecParserTest {

    private final EnrichmentSpecParser parser = new EnrichmentSpecParser();

    @Test
    void readsAFullJdbcSpec() {
        EnrichmentSpec spec = parser.parse("""
                {"source": {"type": "jdbc", "url": "jdbc:postgresql://db:5432/media", "table": "media.titles",
                            "keyColumn": "id", "valueColumn": "name", "user": "reader",
                            "passwordRef": "env:MEDIA_PASSWORD", "maxConnections": 4},
                 "cache": {"ttl": "10 min", "refresh": "45 s", "maxEntries": 500},
                 "rateLimit": {"lookupsPerSecond": 250},
                 "timeout": "800 ms",
                 "fallback": "unknown"}""");

        JdbcSource source = (JdbcSource) spec.source();
        assertThat(source.lookupSql()).isEqualTo("SELECT \"name\" FROM \"media\".\"titles\" WHERE \"id\" = ?");
        assertThat(source.password()).isEqualTo(new SecretReference(SecretReference.Kind.ENV, "MEDIA_PASSWORD"));
        assertThat(source.maxConnections()).isEqualTo(4);
        assertThat(spec.cache()).isEqualTo(new CacheSpec(true, Duration.ofMinutes(10), Duration.ofSeconds(45), 500));
        assertThat(spec.rateLimit().lookupsPerSecond()).isEqualTo(250);
        assertThat(spec.timeout()).isEqualTo(Duration.ofMillis(800));
        assertThat(spec.fallback()).isEqualTo("unknown");
    }

    @Test
    void fillsDefaultsForAMinimalHttpSpec() {
        EnrichmentSpec spec = parser.parse("""
                {"source": {"type": "http", "urlTemplate": "https://api.example.com/titles/{key}?lang=en",
                            "valuePointer": "/title/name"}}""");

        assertThat(spec.source())
                .isEqualTo(new HttpSource("https://api.example.com/titles/{key}?lang=en", "/title/name"));
        assertThat(spec.cache()).isEqualTo(new CacheSpec(true, Duration.ofMinutes(10), Duration.ofSeconds(30), 10_000));
        assertThat(spec.rateLimit().lookupsPerSecond()).isEqualTo(100);
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.fallback()).isNull();
    }

    @Test
    void reportsEveryBadFieldWithItsPath() {
        assertThatThrownBy(() -> parser.parse("""
                {"source": {"type": "jdbc", "url": "jdbc:mysql://db/x", "table": "titles; DROP TABLE x",
                            "keyColumn": "id\\" OR 1=1 --", "user": 7, "colour": "red"},
                 "cache": {"ttl": "ten minutes", "maxEntries": 0},
                 "rateLimit": {"lookupsPerSecond": -1},
                 "timeout": "2 h",
                 "fallback": 3,
                 "extra": true}"""))
                .isInstanceOfSatisfying(
                        EnrichmentSpecException.class,
                        e -> assertThat(e.errors())
                                .extracting(SpecError::field)
                                .containsExactlyInAnyOrder(
                                        "spec.extra",
                                        "spec.source.colour",
                                        "spec.source.url",
                                        "spec.source.table",
                                        "spec.source.keyColumn",
                                        "spec.source.valueColumn",
                                        "spec.source.user",
                                        "spec.cache.ttl",
                                        "spec.cache.maxEntries",
                                        "spec.rateLimit.lookupsPerSecond",
                                        "spec.timeout",
                                        "spec.fallback"));
    }

    @Test
    void refusesAPasswordInClearAndABadReference() {
        assertThatThrownBy(() -> parser.parse("""
                {"source": {"type": "jdbc", "url": "jdbc:postgresql://db/x?password=hunter2", "table": "t",
                            "keyColumn": "k", "valueColumn": "v", "password": "hunter2", "passwordRef": "hunter2"}}""")).isInstanceOfSatisfying(EnrichmentSpecException.class, e -> {
            assertThat(e.errors())
                    .extracting(SpecError::field)
                    .containsExactlyInAnyOrder("spec.source.url", "spec.source.password", "spec.source.passwordRef");
            assertThat(e.getMessage()).doesNotContain("hunter2");
        });
    }

    @Test
    void refusesJdbcUrlParametersThatLoadClassesReadFilesOrMoveTheHost() {
        for (String parameter : List.of(
                "socketFactory=org.example.Evil",
                "sslfactory=org.example.Evil",
                "sslrootcert=/data/admin.token",
                "service=other",
                "socketFactoryArg=x",
                "options=-c%20x=y")) {
            assertThatThrownBy(() -> parser.parse(jdbcWith("\"fallback\": null")
                            .replace("jdbc:postgresql://db/x", "jdbc:postgresql://db/x?sslmode=require&" + parameter)))
                    .as(parameter)
                    .isInstanceOfSatisfying(
                            EnrichmentSpecException.class,
                            e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                                assertThat(error.field()).isEqualTo("spec.source.url");
                                assertThat(error.message())
                                        .contains("may not set the connection parameter '"
                                                + parameter.substring(0, parameter.indexOf('=')) + "'");
                            }));
        }
        EnrichmentSpec allowed = parser.parse(jdbcWith("\"fallback\": null")
                .replace(
                        "jdbc:postgresql://db/x",
                        "jdbc:postgresql://db,[::1]:5433,:7/x?sslmode=verify-full&connectTimeout=2"));
        assertThat(allowed.source().endpoints())
                .containsExactly(new Endpoint("db", 5432), new Endpoint("[::1]", 5433), new Endpoint("localhost", 7));
        assertThatThrownBy(() -> parser.parse(jdbcWith("\"fallback\": null").replace("//db/x", "//d%62/x")))
                .hasMessageContaining("spec.source.url: has a host that is not a name or an address: 'd%62'");
    }

    @Test
    void refusesARefreshLongerThanTheTtl() {
        assertThatThrownBy(() -> parser.parse(jdbcWith("\"cache\": {\"ttl\": \"10 s\", \"refresh\": \"30 s\"}")))
                .isInstanceOfSatisfying(
                        EnrichmentSpecException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new SpecError(
                                                "spec.cache.refresh",
                                                "must not be longer than spec.cache.ttl (PT10S): an entry expires before it would be refreshed")));
        // a ttl below the default refresh interval brings the refresh down with it
        assertThat(parser.parse(jdbcWith("\"cache\": {\"ttl\": \"10 s\"}"))
                        .cache()
                        .refresh())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void checksHttpTemplatesAndPointers() {
        assertThatThrownBy(() -> parser.parse("""
                {"source": {"type": "http", "urlTemplate": "http://{key}.example.com/x", "valuePointer": "name"}}"""))
                .isInstanceOfSatisfying(
                        EnrichmentSpecException.class,
                        e -> assertThat(e.errors())
                                .extracting(SpecError::field)
                                .containsExactlyInAnyOrder("spec.source.urlTemplate", "spec.source.valuePointer"));
        assertThatThrownBy(() -> parser.parse("""
                {"source": {"type": "http", "urlTemplate": "file:///etc/{key}", "valuePointer": ""}}"""))
                .hasMessageContaining("spec.source.urlTemplate: must be an http:// or https:// URL with a host");
        assertThatThrownBy(() -> parser.parse("""
                {"source": {"type": "http", "urlTemplate": "http://example.com/x", "valuePointer": ""}}""")).hasMessageContaining("spec.source.urlTemplate: must contain {key}");
    }

    @Test
    void reportsMalformedJsonAndAnUnknownSourceType() {
        assertThatThrownBy(() -> parser.parse("{\"source\": "))
                .isInstanceOfSatisfying(
                        EnrichmentSpecException.class,
                        e -> assertThat(e.errors())
                                .singleElement()
                                .extracting(SpecError::field)
                                .isEqualTo("spec"));
        assertThatThrownBy(() -> parser.parse("[1]")).hasMessage("spec: must be a JSON object");
        assertThatThrownBy(() -> parser.parse("{}")).hasMessage("spec.source: is required");
        assertThatThrownBy(() -> parser.parse("{\"source\": {\"type\": \"ftp\"}}"))
                .hasMessage("spec.source.type: must be \"jdbc\" or \"http\", not \"ftp\"");
    }

    private static String jdbcWith(String extra) {
        return """
                {"source": {"type": "jdbc", "url": "jdbc:postgresql://db/x", "table": "t", "keyColumn": "k",
                            "valueColumn": "v"}, %s}""".formatted(extra);
    }
}
