package dev.sluice.udf.enrich;

import dev.sluice.udf.catalog.CheckedVersion;
import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionSignature.Parameter;
import dev.sluice.udf.catalog.Language;
import dev.sluice.udf.net.OutboundRules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrichmentLanguageTest {

    private static final String SPEC = """
            {"source": {"type": "http", "urlTemplate": "https://titles.example.com/{key}", "valuePointer": "/name"}}""";

    private final EnrichmentLanguage language = new EnrichmentLanguage(tenant -> OutboundRules.INTERNAL_DENIED);

    @Test
    void acceptsAValidSpecAsAScalarFromKeyToString() {
        CheckedVersion checked = language.check(draft(null, null, SPEC));

        assertThat(checked.kind()).isEqualTo(FunctionKind.SCALAR);
        assertThat(checked.signature().text()).isEqualTo("(key STRING) -> STRING");
        assertThat(checked.payload().text()).isEqualTo(SPEC);

        FunctionSignature declared = new FunctionSignature(List.of(new Parameter("title_id", "BIGINT")), "STRING");
        assertThat(language.check(draft(FunctionKind.SCALAR, declared, SPEC)).signature())
                .isEqualTo(declared);
    }

    @Test
    void turnsSpecErrorsIntoAnInvalidFunctionNamingTheFirstField() {
        String spec = SPEC.replace("}}", "}, \"cache\": {\"ttl\": \"soon\"}, \"timeout\": \"1 h\"}");

        assertThatThrownBy(() -> language.check(draft(null, null, spec)))
                .isInstanceOfSatisfying(FunctionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FunctionException.Reason.INVALID);
                    assertThat(e.field()).isEqualTo("spec.cache.ttl");
                    assertThat(e.getMessage())
                            .contains("spec.cache.ttl: must be a duration")
                            .contains("spec.timeout");
                    assertThat(e.hint()).isEqualTo("fix these 2 fields");
                });
    }

    @Test
    void refusesOtherKindsSignaturesAndOversizedOrMissingSpecs() {
        assertThatThrownBy(() -> language.check(draft(FunctionKind.TABLE, null, SPEC)))
                .isInstanceOfSatisfying(
                        FunctionException.class, e -> assertThat(e.field()).isEqualTo("kind"));
        FunctionSignature twoKeys =
                new FunctionSignature(List.of(new Parameter("a", "INT"), new Parameter("b", "INT")), "STRING");
        assertThatThrownBy(() -> language.check(draft(null, twoKeys, SPEC)))
                .isInstanceOfSatisfying(
                        FunctionException.class, e -> assertThat(e.field()).isEqualTo("signature.parameters"));
        FunctionSignature intResult = new FunctionSignature(List.of(new Parameter("k", "INT")), "INT");
        assertThatThrownBy(() -> language.check(draft(null, intResult, SPEC)))
                .isInstanceOfSatisfying(
                        FunctionException.class, e -> assertThat(e.field()).isEqualTo("signature.result"));
        assertThatThrownBy(() -> language.check(draft(null, null, " ")))
                .isInstanceOfSatisfying(
                        FunctionException.class, e -> assertThat(e.field()).isEqualTo("spec"));
        String huge = SPEC.replace("}}", "}, \"fallback\": \"" + "x".repeat(EnrichmentLanguage.MAX_SPEC_CHARS) + "\"}");
        assertThatThrownBy(() -> language.check(draft(null, null, huge)))
                .isInstanceOfSatisfying(
                        FunctionException.class,
                        e -> assertThat(e.reason()).isEqualTo(FunctionException.Reason.TOO_LARGE));
    }

    @Test
    void refusesToPublishASourceAtAnInternalAddressWithTheUrlsField() {
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data/{key}",
                "http://127.0.0.1:8081/jobs/{key}",
                "http://localhost:8081/jobs/{key}",
                "http://[::ffff:127.0.0.1]:8081/jobs/{key}",
                "http://10.1.2.3/{key}",
                "https://[fd00:ec2::254]/{key}",
                "http://0.0.0.0/{key}")) {
            String spec =
                    "{\"source\": {\"type\": \"http\", \"urlTemplate\": \"" + url + "\", \"valuePointer\": \"\"}}";
            assertThatThrownBy(() -> language.check(draft(null, null, spec)))
                    .as(url)
                    .isInstanceOfSatisfying(FunctionException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FunctionException.Reason.HOST_NOT_ALLOWED);
                        assertThat(e.field()).isEqualTo("spec.source.urlTemplate");
                        assertThat(e.getMessage())
                                .startsWith("Tenant 'default' may not connect to ")
                                .contains("internal address");
                        assertThat(e.hint()).contains("allowedHosts");
                    });
        }
        String jdbc = """
                {"source": {"type": "jdbc", "url": "jdbc:postgresql://db.example.com,127.0.0.1:5432/sluice", "table": "t",
                            "keyColumn": "k", "valueColumn": "v"}}""";
        assertThatThrownBy(() -> language.check(draft(null, null, jdbc)))
                .isInstanceOfSatisfying(FunctionException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FunctionException.Reason.HOST_NOT_ALLOWED);
                    assertThat(e.field()).isEqualTo("spec.source.url");
                    assertThat(e.getMessage()).contains("127.0.0.1:5432");
                });
    }

    @Test
    void publishesAnInternalSourceWhereAnAdminAllowedItsHost() {
        EnrichmentLanguage allowed = new EnrichmentLanguage(tenant -> new OutboundRules(List.of("127.0.0.1:8081")));
        String spec = SPEC.replace("https://titles.example.com/{key}", "http://localhost:8081/titles/{key}");

        assertThat(allowed.check(draft(null, null, spec)).payload().text()).isEqualTo(spec);
        assertThatThrownBy(() -> allowed.check(draft(null, null, spec.replace("8081", "8082"))))
                .isInstanceOfSatisfying(
                        FunctionException.class,
                        e -> assertThat(e.reason()).isEqualTo(FunctionException.Reason.HOST_NOT_ALLOWED));
    }

    private static FunctionDraft draft(FunctionKind kind, FunctionSignature signature, String spec) {
        return new FunctionDraft(
                "default", "enrich_title", Language.ENRICHMENT, kind, signature, FunctionPayload.source(null, spec));
    }
}
