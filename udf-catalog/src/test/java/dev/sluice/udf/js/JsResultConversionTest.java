package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Results that run code, or make work, while the host converts them: getters, proxies, coercions, iterators,
 * array-likes and thrown objects. Each conversion runs under the call's limits, so the call fails within its time
 * budget with a message naming the function and version, and the same function answers its next call.
 */
class JsResultConversionTest {

    /** Tight enough that a test hangs visibly without the bound, loose enough for a first interpreted call. */
    private static final Duration TIME_PER_CALL = Duration.ofSeconds(1);
    /** What the test allows a stopped call: its time budget, the watchdog's period and a loaded machine's slack. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(8);
    /** A regular expression with a back-reference runs on GraalJS's backtracking engine: exponential in the a's. */
    private static final String BACKTRACK = "/^(?:(a)|a)+\\1$/.test('a'.repeat(40) + 'ca')";

    private static JsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new JsSandbox(new JsSandbox.Limits(100_000, TIME_PER_CALL, 1_000_000));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Arguments> scalarResults() {
        return Stream.of(
                Arguments.of(
                        "a ROW field getter that loops", "ROW<a STRING>", "return { get a() { while (true) {} } };"),
                Arguments.of(
                        "a ROW field getter that backtracks",
                        "ROW<a STRING>",
                        "return { get a() { " + BACKTRACK + "; return 'x'; } };"),
                Arguments.of(
                        "a ROW proxy whose get trap backtracks",
                        "ROW<a STRING>",
                        "return new Proxy({}, { get() { " + BACKTRACK + "; return 'x'; } });"),
                Arguments.of(
                        "a MAP proxy whose ownKeys trap loops",
                        "MAP<STRING, STRING>",
                        "return new Proxy({}, { ownKeys() { while (true) {} } });"),
                Arguments.of(
                        "a MAP proxy whose ownKeys trap backtracks",
                        "MAP<STRING, STRING>",
                        "return new Proxy({}, { ownKeys() { " + BACKTRACK + "; return []; } });"),
                Arguments.of(
                        "a MAP proxy whose descriptor trap backtracks",
                        "MAP<STRING, STRING>",
                        "return new Proxy({k: 'v'}, { getOwnPropertyDescriptor(t, k) { " + BACKTRACK
                                + "; return Reflect.getOwnPropertyDescriptor(t, k); } });"),
                Arguments.of(
                        "a MAP value getter that backtracks",
                        "MAP<STRING, STRING>",
                        "return { get k() { " + BACKTRACK + "; return 'v'; } };"),
                Arguments.of(
                        "an ARRAY proxy whose get trap backtracks",
                        "ARRAY<STRING>",
                        "return new Proxy(['a'], { get(t, k) { if (k === '0') { " + BACKTRACK
                                + "; } return Reflect.get(t, k); } });"),
                Arguments.of(
                        "a sparse array of sparse arrays",
                        "ARRAY<ARRAY<INT>>",
                        "const a = []; a.length = 900000; const o = []; o.length = 900000; return o.fill(a);"),
                Arguments.of(
                        "toString that loops on a wrong type", "STRING", "return { toString() { while (true) {} } };"),
                Arguments.of(
                        "toString that backtracks on a wrong type",
                        "STRING",
                        "return { toString() { " + BACKTRACK + "; return 'x'; } };"),
                Arguments.of(
                        "valueOf that backtracks on a number",
                        "INT",
                        "return { valueOf() { " + BACKTRACK + "; return 1; } };"),
                Arguments.of(
                        "Symbol.toPrimitive that backtracks",
                        "DECIMAL(10, 2)",
                        "return { [Symbol.toPrimitive]() { " + BACKTRACK + "; return 1; } };"),
                Arguments.of(
                        "a Date proxy",
                        "TIMESTAMP(3)",
                        "return new Proxy(new Date(0), { get(t, k) { " + BACKTRACK
                                + "; return Reflect.get(t, k); } });"),
                Arguments.of(
                        "a BigInt-like object", "BIGINT", "return { valueOf() { " + BACKTRACK + "; return 1n; } };"),
                Arguments.of(
                        "a thrown object whose message getter loops",
                        "STRING",
                        "throw { get message() { while (true) {} } };"),
                Arguments.of(
                        "a thrown object whose message getter backtracks",
                        "STRING",
                        "throw { get message() { " + BACKTRACK + "; return 'm'; } };"),
                Arguments.of(
                        "a thrown error whose toString backtracks",
                        "STRING",
                        "const e = new Error('x'); e.toString = () => { " + BACKTRACK + "; return 'e'; }; throw e;"),
                Arguments.of(
                        "a thrown proxy",
                        "STRING",
                        "throw new Proxy({}, { get() { " + BACKTRACK + "; return 'm'; }, getPrototypeOf() { "
                                + BACKTRACK + "; return null; } });"),
                Arguments.of(
                        "a thrown error whose name getter backtracks",
                        "STRING",
                        "const e = new Error('x'); Object.defineProperty(e, 'name', { get() { " + BACKTRACK
                                + "; return 'E'; } }); throw e;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scalarResults")
    void aScalarResultIsConvertedWithinTheCallsBudget(String attack, String type, String body) {
        JsSignature signature = new JsSignature(FunctionKind.SCALAR, "f", List.of("STRING"), type);
        try (JsFunction function = JsFunction.compile(
                sandbox, "hostile", 4, "function f(s) { if (s === 'ok') { return null; } " + body + " }", signature)) {
            assertTimeoutPreemptively(
                    ANSWER_WITHIN,
                    () -> assertThatThrownBy(() -> function.call("attack"))
                            .as(attack)
                            .isInstanceOf(JsScriptException.class)
                            .hasMessageStartingWith("JavaScript function 'hostile' version 4 "));
            assertThat(function.call("ok")).as(attack).isNull();
        }
    }

    static Stream<Arguments> tableResults() {
        return Stream.of(
                Arguments.of(
                        "an iterator that never ends",
                        "return { [Symbol.iterator]() { return { next: () => ({ value: 'x', done: false }) }; } };"),
                Arguments.of("a generator that never ends", "return (function* () { while (true) { yield 'x'; } })();"),
                Arguments.of(
                        "an iterator whose next backtracks",
                        "return { [Symbol.iterator]() { return { next: () => ({ value: 'x', done: " + BACKTRACK
                                + " }) }; } };"),
                Arguments.of(
                        "an iterator whose value getter backtracks",
                        "return { [Symbol.iterator]() { return { next: () => ({ get value() { " + BACKTRACK
                                + "; return 'x'; }, done: false }) }; } };"),
                Arguments.of("a sparse array of rows", "const a = []; a.length = 4294967295; return a;"),
                Arguments.of(
                        "an array-like proxy",
                        "return new Proxy([], { get(t, k) { return k === 'length' ? 4294967295 : 'x'; } });"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tableResults")
    void aTableResultIsConvertedWithinTheCallsBudget(String attack, String body) {
        JsSignature signature = new JsSignature(FunctionKind.TABLE, "f", List.of("STRING"), "STRING");
        try (JsFunction function = JsFunction.compile(
                sandbox, "rows", 2, "function f(s) { if (s === 'ok') { return ['a']; } " + body + " }", signature)) {
            assertTimeoutPreemptively(
                    ANSWER_WITHIN,
                    () -> assertThatThrownBy(() -> function.callTable("attack"))
                            .as(attack)
                            .isInstanceOf(JsScriptException.class)
                            .hasMessageStartingWith("JavaScript function 'rows' version 2 "));
            assertThat(function.callTable("ok")).as(attack).containsExactly("a");
        }
    }
}
