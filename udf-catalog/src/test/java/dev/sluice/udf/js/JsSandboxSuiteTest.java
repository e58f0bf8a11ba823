package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Escapes and abuses of the JavaScript sandbox. Each script is the body of {@code f(s)}, declared STRING to STRING:
 * it must either fail with a {@link JsScriptException} that names the function and version, or return a value that
 * shows the attempt found nothing. After every case the same function answers its next call, and a function that
 * was compiled before the abuse keeps working.
 */
class JsSandboxSuiteTest {

    private static final JsSignature STRING_TO_STRING =
            new JsSignature(FunctionKind.SCALAR, "f", List.of("STRING"), "STRING");

    private static JsSandbox sandbox;
    private static JsFunction bystander;

    @BeforeAll
    static void start() {
        sandbox = new JsSandbox(JsSandbox.Limits.DEFAULT);
        bystander = JsFunction.compile(
                sandbox, "bystander", 1, "function f(s) { return s.trim().toUpperCase(); }", STRING_TO_STRING);
    }

    @AfterAll
    static void stop() {
        bystander.close();
        sandbox.close();
    }

    static Stream<Arguments> failingCalls() {
        return Stream.of(
                Arguments.of("Java.type", "return String(Java.type('java.lang.System').getProperty('user.home'));"),
                Arguments.of("Java.from", "return String(Java.from([]));"),
                Arguments.of("Packages", "return String(Packages.java.lang.System.getenv());"),
                Arguments.of("java global", "return String(java.lang.Runtime.getRuntime().exec('id'));"),
                Arguments.of("Polyglot.eval", "return String(Polyglot.eval('js', '1'));"),
                Arguments.of("Polyglot.import", "return String(Polyglot.import('x'));"),
                Arguments.of("load a file", "load('/etc/passwd'); return 'loaded';"),
                Arguments.of("load a URL", "load('http://127.0.0.1:1/x.js'); return 'loaded';"),
                Arguments.of("require", "return String(require('fs').readFileSync('/etc/passwd'));"),
                Arguments.of("process", "process.exit(1); return 'exited';"),
                Arguments.of("quit", "quit(); return 'quit';"),
                Arguments.of("exit", "exit(1); return 'exit';"),
                Arguments.of("read a file", "return String(read('/etc/passwd'));"),
                Arguments.of("readbuffer", "return String(readbuffer('/etc/passwd'));"),
                Arguments.of(
                        "XMLHttpRequest",
                        "const x = new XMLHttpRequest(); x.open('GET', 'http://127.0.0.1:1'); return 'open';"),
                Arguments.of("fetch", "fetch('http://127.0.0.1:1'); return 'fetched';"),
                Arguments.of("a socket through Java", "return String(new java.net.Socket('127.0.0.1', 1));"),
                Arguments.of("Worker thread", "new Worker('x.js'); return 'worker';"),
                Arguments.of(
                        "Java thread",
                        "const T = Java.type('java.lang.Thread'); new T(() => {}).start(); return 'thread';"),
                Arguments.of("setTimeout", "setTimeout(() => {}, 0); return 'timer';"),
                Arguments.of("print", "print('x'); return 'printed';"),
                Arguments.of("console", "console.log('x'); return 'logged';"),
                Arguments.of("endless loop", "while (true) {} "),
                Arguments.of(
                        "endless microtasks",
                        "const again = () => Promise.resolve().then(again); again(); return 'queued';"),
                Arguments.of("string bomb by repeat", "return 'x'.repeat(2 ** 30);"),
                Arguments.of("string bomb by padStart", "return ''.padStart(2 ** 30, 'x');"),
                Arguments.of("array bomb by fill", "return String(new Array(2 ** 30).fill(0).length);"),
                Arguments.of("array bomb by Array.from", "return String(Array.from({length: 2 ** 30}).length);"),
                Arguments.of("string bomb by join", "return Array.prototype.join.call({length: 2 ** 30}, 'xx');"),
                Arguments.of(
                        "string bomb by doubling",
                        "let t = 'x'; for (let i = 0; i < 40; i++) { t += t; } return String(t.indexOf('y'));"),
                Arguments.of(
                        "heap bomb by push", "const a = []; while (true) { a.push('x'.repeat(1000) + a.length); }"),
                Arguments.of("typed array bomb", "return String(new Float64Array(2 ** 28).length);"),
                Arguments.of("deep recursion", "const r = (n) => r(n + 1) + 1; return String(r(0));"),
                Arguments.of("pollute Object.prototype", "Object.prototype.polluted = 'yes'; return 'polluted';"),
                Arguments.of("pollute via __proto__", "({}).__proto__.polluted = 'yes'; return 'polluted';"),
                Arguments.of(
                        "replace String.prototype.trim",
                        "String.prototype.trim = function () { return 'pwned'; }; return 'replaced';"),
                Arguments.of("replace Array.prototype.map", "Array.prototype.map = () => []; return 'replaced';"),
                Arguments.of("set a global", "globalThis.leak = 'yes'; return 'set';"),
                Arguments.of("delete a global", "delete globalThis.JSON; return 'deleted';"),
                Arguments.of("undeclared global", "leak2 = 'yes'; return 'set';"),
                Arguments.of("Date tampering", "Date.now = () => 0; return 'tampered';"),
                Arguments.of("Math tampering", "Math.random = () => 4; return 'tampered';"),
                Arguments.of(
                        "generator prototype tampering",
                        "Object.getPrototypeOf(function* () {}).prototype.next = () => 1; return 'x';"),
                Arguments.of(
                        "iterator prototype tampering",
                        "Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({done: true}); return 'x';"),
                Arguments.of(
                        "setPrototypeOf on Object.prototype",
                        "Object.setPrototypeOf(Array.prototype, null); return 'x';"),
                Arguments.of("eval", "return String(eval('1 + 1'));"),
                Arguments.of("indirect eval", "return String((0, eval)('this'));"),
                Arguments.of("Function constructor", "return String(new Function('return this')());"),
                Arguments.of(
                        "constructor of a function", "return String((() => 0).constructor('return globalThis')());"),
                Arguments.of(
                        "async function constructor",
                        "return String(Object.getPrototypeOf(async () => 0).constructor('return 1'));"),
                Arguments.of("dynamic import", "return import('/etc/passwd');"),
                Arguments.of("Graal internals", "return String(Graal.versionGraalVM);"),
                Arguments.of(
                        "SharedArrayBuffer and Atomics",
                        "return String(Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000));"),
                Arguments.of("WebAssembly", "return String(WebAssembly.compile);"),
                Arguments.of("huge output", "const t = 'x'.repeat(9000000); return t + t;"),
                Arguments.of("lone surrogate output", "return '\\uD800';"),
                Arguments.of("wrong result type", "return {};"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingCalls")
    void abuseFailsTheCallOnly(String abuse, String body) {
        try (JsFunction abuser =
                JsFunction.compile(sandbox, "abuser", 7, "function f(s) { " + body + " }", STRING_TO_STRING)) {
            assertThatThrownBy(() -> abuser.call("in"))
                    .as(abuse)
                    .isInstanceOf(JsScriptException.class)
                    .hasMessageStartingWith("JavaScript function 'abuser' version 7 ");
            assertThat(abuser.call("  in")).isNotNull();
        } catch (JsScriptException e) {
            // Some abuses cannot even start: the script is refused up front, which is also safe.
            assertThat(e).as(abuse).hasMessageContaining("abuser");
        }
        assertThat(bystander.call("  still here ")).isEqualTo("STILL HERE");
        assertThat(ordinaryBehaviour()).isEqualTo("undefined|a,b|x|object|true");
    }

    /** The built-ins that the abuses tried to change, seen from a fresh function. */
    private static String ordinaryBehaviour() {
        String probe = "function f(s) { return [typeof ({}).polluted, ['a', 'b'].map(x => x).join(), ' x '.trim(),"
                + " typeof JSON, Date.now() > 0].join('|'); }";
        try (JsFunction fresh = JsFunction.compile(sandbox, "probe", 1, probe, STRING_TO_STRING)) {
            return (String) fresh.call("");
        }
    }

    @Test
    void stateFromOneCallNeverReachesTheNext() {
        String counter =
                "let calls = 0; const seen = []; function f(s) { calls++; seen.push(s); return calls + ':' + seen.join(); }";
        try (JsFunction function = JsFunction.compile(sandbox, "counter", 1, counter, STRING_TO_STRING)) {
            assertThat(function.call("a")).isEqualTo("1:a");
            assertThat(function.call("b")).isEqualTo("1:b");
        }
    }

    @Test
    void aPollutionAttemptInOneFunctionIsInvisibleToAnother() {
        try (JsFunction polluter = JsFunction.compile(
                        sandbox,
                        "polluter",
                        1,
                        "function f(s) { try { Object.prototype.x = 'p'; } catch (e) {} try { globalThis.y = 'p'; } catch (e) {} return 'ok'; }",
                        STRING_TO_STRING);
                JsFunction reader = JsFunction.compile(
                        sandbox,
                        "reader",
                        1,
                        "function f(s) { return String(({}).x) + String(globalThis.y); }",
                        STRING_TO_STRING)) {
            assertThat(polluter.call("")).isEqualTo("ok");
            assertThat(reader.call("")).isEqualTo("undefinedundefined");
        }
    }

    @Test
    void inputWithALoneSurrogateCannotComeBackOut() {
        try (JsFunction echo =
                JsFunction.compile(sandbox, "echo", 1, "function f(s) { return s; }", STRING_TO_STRING)) {
            assertThatThrownBy(() -> echo.call("a\uD800b")).hasMessageContaining("lone surrogate");
            assertThat(echo.call("\uD83D\uDE00")).isEqualTo("\uD83D\uDE00");
        }
    }

    @Test
    void theWatchdogStopsACallOverItsTimeBudget() {
        try (JsSandbox strict = new JsSandbox(new JsSandbox.Limits(Long.MAX_VALUE, Duration.ofMillis(300), 1000));
                JsFunction spinner = JsFunction.compile(
                        strict,
                        "spinner",
                        3,
                        "function f(s) { if (s === 'spin') { while (true) {} } return s; }",
                        STRING_TO_STRING)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> spinner.call("spin"))
                    // Where the stop lands depends on which safepoint sees the cancel first: the loop or the function's
                    // entry.
                    .hasMessageMatching(
                            "JavaScript function 'spinner' version 3 ran longer than 300 ms in one call and was stopped at line 1, column (1|37)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(spinner.call("next")).isEqualTo("next");
        }
    }
}
