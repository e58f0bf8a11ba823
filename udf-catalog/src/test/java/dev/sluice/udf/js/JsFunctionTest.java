package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionPayload;
import dev.sluice.udf.catalog.Language;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compiling on publish (errors with line and column) and the SQL to JavaScript conversions, both ways. */
class JsFunctionTest {

    private static JsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new JsSandbox(JsSandbox.Limits.DEFAULT);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static Object roundTrip(String type, String body, Object argument) {
        JsSignature signature = new JsSignature(FunctionKind.SCALAR, "f", List.of(type), type);
        try (JsFunction function =
                JsFunction.compile(sandbox, "convert", 1, "function f(v) { " + body + " }", signature)) {
            return function.call(argument);
        }
    }

    private static String seen(String type, Object argument) {
        JsSignature signature = new JsSignature(FunctionKind.SCALAR, "f", List.of(type), "STRING");
        String describe = "function f(v) { return v === null ? 'null' : (v instanceof Date ? 'Date ' + v.toISOString()"
                + " : v instanceof Map ? 'Map ' + JSON.stringify([...v]) : typeof v + ' ' + JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x + 'n' : x)); }";
        try (JsFunction function = JsFunction.compile(sandbox, "describe", 1, describe, signature)) {
            return (String) function.call(argument);
        }
    }

    @Test
    void sqlValuesArriveAsTheDocumentedJavaScriptValues() {
        assertThat(seen("STRING", "ä😀")).isEqualTo("string \"ä😀\"");
        assertThat(seen("INT", 42)).isEqualTo("number 42");
        assertThat(seen("BIGINT", 9_007_199_254_740_991L)).isEqualTo("number 9007199254740991");
        assertThat(seen("BIGINT", 9_007_199_254_740_993L)).isEqualTo("bigint \"9007199254740993n\"");
        assertThat(seen("DOUBLE", 0.5)).isEqualTo("number 0.5");
        assertThat(seen("DECIMAL(20, 2)", new BigDecimal("123456789012345678.90")))
                .isEqualTo("string \"123456789012345678.90\"");
        assertThat(seen("BOOLEAN", true)).isEqualTo("boolean true");
        assertThat(seen("TIMESTAMP(3)", LocalDateTime.parse("2026-11-23T10:15:30.123")))
                .isEqualTo("Date 2026-11-23T10:15:30.123Z");
        assertThat(seen("TIMESTAMP_LTZ(3)", Instant.parse("2026-11-23T10:15:30.123Z")))
                .isEqualTo("Date 2026-11-23T10:15:30.123Z");
        assertThat(seen("DATE", LocalDate.parse("2026-02-28"))).isEqualTo("string \"2026-02-28\"");
        assertThat(seen("STRING", null)).isEqualTo("null");
        assertThat(seen("ARRAY<INT>", new Integer[] {1, null, 3})).isEqualTo("object [1,null,3]");
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", null);
        assertThat(seen("MAP<STRING, INT>", map)).isEqualTo("Map [[\"a\",1],[\"b\",null]]");
        assertThat(seen("ROW<a INT, b STRING>", Row.of(7, "x"))).isEqualTo("object {\"a\":7,\"b\":\"x\"}");
    }

    @Test
    void javaScriptResultsBecomeExactSqlValues() {
        assertThat(roundTrip("STRING", "return v + '!';", "a")).isEqualTo("a!");
        assertThat(roundTrip("INT", "return v * 2;", 21)).isEqualTo(42);
        assertThat(roundTrip("BIGINT", "return BigInt(v) * 2n;", 9_007_199_254_740_993L))
                .isEqualTo(18_014_398_509_481_986L);
        assertThat(roundTrip("DOUBLE", "return v / 4;", 1.0)).isEqualTo(0.25);
        assertThat(roundTrip("DECIMAL(10, 2)", "return v;", new BigDecimal("12.30")))
                .isEqualTo(new BigDecimal("12.30"));
        assertThat(roundTrip("DECIMAL(10, 2)", "return 0.1 + 0.2;", BigDecimal.ONE))
                .isEqualTo(new BigDecimal("0.30"));
        assertThat(roundTrip("DECIMAL(10, 2)", "return '1.005';", BigDecimal.ONE))
                .isEqualTo(new BigDecimal("1.01"));
        assertThat(roundTrip("BOOLEAN", "return !v;", true)).isEqualTo(false);
        assertThat(roundTrip(
                        "TIMESTAMP(3)",
                        "return new Date(v.getTime() + 1000);",
                        LocalDateTime.parse("2026-11-23T23:59:59.500")))
                .isEqualTo(LocalDateTime.parse("2026-11-24T00:00:00.500"));
        assertThat(roundTrip("TIMESTAMP_LTZ(3)", "return v.getTime();", Instant.parse("2026-11-23T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(roundTrip("DATE", "return '2026-03-01';", LocalDate.parse("2026-02-28")))
                .isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(roundTrip("STRING", "return undefined;", "a")).isNull();
        assertThat((Object[]) roundTrip("ARRAY<STRING>", "return v.concat(['c']);", new String[] {"a", null}))
                .containsExactly("a", null, "c");
        assertThat(roundTrip("MAP<STRING, INT>", "v.set('z', 26); return v;", Map.of("a", 1)))
                .isEqualTo(Map.of("a", 1, "z", 26));
        assertThat(roundTrip("MAP<STRING, INT>", "return {x: 1};", Map.of())).isEqualTo(Map.of("x", 1));
        assertThat(roundTrip("ROW<a INT, b STRING>", "return {a: v.a + 1};", Row.of(1, "x")))
                .isEqualTo(Row.of(2, null));
    }

    @Test
    void valuesThatDoNotFitTheDeclaredTypeFailTheCallByName() {
        assertThatThrownBy(() -> roundTrip("INT", "return 2 ** 40;", 1))
                .hasMessageStartingWith(
                        "JavaScript function 'convert' version 1 returned a value that does not fit INT: expected a 32-bit integer");
        assertThatThrownBy(() -> roundTrip("DECIMAL(4, 2)", "return '123.45';", BigDecimal.ONE))
                .hasMessageContaining("does not fit DECIMAL(4, 2)");
        assertThatThrownBy(() -> roundTrip("DATE", "return '23.11.2026';", LocalDate.EPOCH))
                .hasMessageContaining("\"YYYY-MM-DD\"");
        assertThatThrownBy(() -> roundTrip("STRING", "return 1;", "a"))
                .hasMessageContaining("expected a string, got 1");
    }

    @Test
    void publishRejectsSyntaxErrorsAndMissingEntriesWithLineAndColumn() {
        JavaScriptLanguage language = new JavaScriptLanguage(sandbox, JavaScriptLanguage.DEFAULT_POLL_INTERVAL);
        var signature = DirectoryVersionSource.signature("STRING", "STRING");
        FunctionException syntax = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                signature,
                FunctionPayload.source("f", "function f(s) {\n  return s +;\n}"))));
        assertThat(syntax.field()).isEqualTo("source");
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.column()).isEqualTo(13);
        FunctionException firstLine = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                signature,
                FunctionPayload.source("f", "function f(s) { return s +; }"))));
        assertThat(firstLine.line()).isEqualTo(1);
        assertThat(firstLine.column()).isEqualTo(27);
        FunctionException missing = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                signature,
                FunctionPayload.source("f", "function g(s) { return s; }"))));
        assertThat(missing.getMessage()).contains("does not define the entry function 'f'");
        assertThat(missing.line()).isEqualTo(1);
        FunctionException escape = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                signature,
                FunctionPayload.source("f", "function f(s) { return s; } }); let leak = 0; (function () {"))));
        assertThat(escape.getMessage()).contains("syntax error");
        FunctionException badType = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                DirectoryVersionSource.signature("STRNG", "STRING"),
                FunctionPayload.source("f", "function f(s) { return s; }"))));
        assertThat(badType.field()).isEqualTo("signature.result");
        FunctionException aggregate = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "bad",
                Language.JAVASCRIPT,
                FunctionKind.AGGREGATE,
                signature,
                FunctionPayload.source("f", "function f(s) { return s; }"))));
        assertThat(aggregate.field()).isEqualTo("kind");
        assertThat(language.check(new FunctionDraft(
                                "default",
                                "good",
                                Language.JAVASCRIPT,
                                FunctionKind.SCALAR,
                                signature,
                                FunctionPayload.source("f", "function f(s) { return s; }")))
                        .signature())
                .isEqualTo(signature);
    }

    @Test
    void aRawTypeInASignatureInitializesNoClassOfTheGateway() {
        JavaScriptLanguage language = new JavaScriptLanguage(sandbox, JavaScriptLanguage.DEFAULT_POLL_INTERVAL);
        String raw = "RAW('" + Tripwire.class.getName() + "', 'AAAAAQ==')";
        FunctionException refused = catchThrowable(() -> language.check(new FunctionDraft(
                "default",
                "raw",
                Language.JAVASCRIPT,
                FunctionKind.SCALAR,
                DirectoryVersionSource.signature("STRING", raw),
                FunctionPayload.source("f", "function f(s) { return ''; }"))));
        assertThat(refused.field()).isEqualTo("signature.parameters[0].type");
        assertThat(refused.getMessage()).contains("is not a SQL type");
        // Its initializer runs now, for the first time: a class whose initializer had failed before is just missing.
        assertThatThrownBy(() ->
                        Class.forName(Tripwire.class.getName(), true, getClass().getClassLoader()))
                .isInstanceOf(ExceptionInInitializerError.class);
    }

    /** Its initializer fails: a type string must not initialize the gateway's classes. */
    static final class Tripwire {
        static {
            if (Boolean.TRUE) {
                throw new IllegalStateException("a SQL type string initialized a class of the gateway");
            }
        }
    }

    private static FunctionException catchThrowable(Runnable check) {
        try {
            check.run();
        } catch (FunctionException e) {
            return e;
        }
        throw new AssertionError("expected a FunctionException");
    }
}
