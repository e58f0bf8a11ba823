package dev.sluice.udf.js;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One version of a JavaScript UDF compiled in its own sandboxed context, ready to call from one thread (one Flink
 * task). The script's top level runs afresh for every call inside a strict-mode factory, and the prelude has frozen
 * every built-in and the global object, so no call sees state from an earlier call; functions never share a
 * context. A call that the sandbox stops closes the context, and the next call gets a new one.
 */
public final class JsFunction implements AutoCloseable {

    /** Longest accepted script, in characters. */
    public static final int MAX_SOURCE_LENGTH = 1 << 20;

    /** The longest part of a thrown value's text that an error repeats. */
    private static final int MAX_MESSAGE_LENGTH = 500;

    private static final String STRICT = "\"use strict\";";
    private static final String FACTORY_START = "(function () {" + STRICT;

    private final JsSandbox sandbox;
    private final String name;
    private final long version;
    private final JsSignature signature;
    private final Source parseCheck;
    private final Source factorySource;
    private final Source trampolineSource;
    private final JsConversions.Converter[] arguments;
    private final JsConversions.Converter result;
    private final JsCall call;
    private Context context;
    private JsConversions.Intrinsics intrinsics;
    private Value entry;

    private JsFunction(JsSandbox sandbox, String name, long version, String source, JsSignature signature) {
        this.sandbox = sandbox;
        this.name = name;
        this.version = version;
        this.signature = signature;
        String sourceName = name + "-v" + version + ".js";
        this.parseCheck = Source.newBuilder("js", STRICT + source, sourceName).buildLiteral();
        // The newline keeps a trailing line comment from swallowing the return; the parse check above has already
        // refused a script that would close the factory early.
        this.factorySource = Source.newBuilder(
                        "js",
                        FACTORY_START + source + "\n;return typeof " + signature.entry() + " === \"function\" ? "
                                + signature.entry() + " : undefined;})",
                        sourceName)
                .buildLiteral();
        // Calls the factory and then the entry inside JavaScript: the host always calls this one function object,
        // so the optimizing runtime compiles factory, entry and call together instead of the host calling a new
        // closure every time.
        String parameters = java.util.stream.IntStream.range(
                        0, signature.arguments().size())
                .mapToObj(i -> "a" + i)
                .collect(java.util.stream.Collectors.joining(", "));
        this.trampolineSource = Source.newBuilder(
                        "js",
                        "(factory) => function (" + parameters + ") { return factory()(" + parameters + "); }",
                        "sluice-call.js")
                .internal(true)
                .buildLiteral();
        this.arguments = signature.argumentTypes().stream()
                .map(t -> JsConversions.nullable(JsConversions.forType(t)))
                .toArray(JsConversions.Converter[]::new);
        this.result = JsConversions.nullable(JsConversions.forType(signature.returnType()));
        this.call = sandbox.register();
    }

    /**
     * Compiles {@code source} and checks that it defines the entry function.
     *
     * @throws JsScriptException with the line and column of a syntax error, or of the script's start when the entry
     *     function is missing
     */
    public static JsFunction compile(
            JsSandbox sandbox, String name, long version, String source, JsSignature signature) {
        Objects.requireNonNull(sandbox, "sandbox is null");
        Objects.requireNonNull(signature, "signature is null");
        if (source == null || source.isBlank()) {
            throw new JsScriptException("the script is empty", 1, 1);
        }
        if (source.length() > MAX_SOURCE_LENGTH) {
            throw new JsScriptException(
                    "the script has " + source.length() + " characters, more than the limit of " + MAX_SOURCE_LENGTH,
                    1,
                    1);
        }
        JsFunction function = new JsFunction(sandbox, name, version, source, signature);
        try {
            function.open();
            return function;
        } catch (RuntimeException e) {
            function.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public JsSignature signature() {
        return signature;
    }

    /** Calls a scalar function with Flink external values; returns the external value of the declared type. */
    public Object call(Object... values) {
        return run(values, result::toSql, "returned a value that does not fit " + signature.returns());
    }

    /** Calls a table function: it returns an array or an iterable (a generator too), one row per element. */
    public List<Object> callTable(Object... values) {
        return run(values, this::rows, "returned rows that do not fit " + signature.returns());
    }

    private List<Object> rows(Value returned, JsConversions.Budget budget) {
        List<Object> rows = new ArrayList<>();
        if (returned == null || returned.isNull()) {
            return rows;
        }
        if (!returned.hasArrayElements() && !returned.hasIterator()) {
            throw new JsScriptException("expected an array or an iterable of rows");
        }
        int maxRows = budget.maxLength();
        Value iterator = returned.getIterator();
        while (iterator.hasIteratorNextElement()) {
            if (rows.size() == maxRows) {
                throw new JsScriptException("more than " + maxRows + " rows from one call");
            }
            rows.add(result.toSql(iterator.getIteratorNextElement(), budget));
        }
        return rows;
    }

    /** Turns a call's JavaScript result into SQL values; may run guest code (getters, proxies, iterators). */
    private interface Conversion<T> {
        T convert(Value returned, JsConversions.Budget budget);
    }

    /**
     * Converts the arguments, calls the entry and converts its result all inside one watched call: the result's
     * getters, proxy traps, iterators and coercions, and an error's message, are guest code too, and they run under
     * the same statement limit and time budget as the function's own body.
     */
    private <T> T run(Object[] values, Conversion<T> conversion, String misfit) {
        if (values.length != arguments.length) {
            throw failure("takes " + arguments.length + " arguments, called with " + values.length, null);
        }
        if (context == null) {
            open();
        }
        boolean interrupted = false;
        try {
            context.resetLimits();
            JsConversions.Budget budget =
                    new JsConversions.Budget(sandbox.limits().maxLength(), call::stopped);
            call.start(context, sandbox.deadlineFromNow());
            try {
                Object[] converted = new Object[values.length];
                for (int i = 0; i < values.length; i++) {
                    converted[i] = arguments[i].toJs(values[i], intrinsics);
                }
                return conversion.convert(entry.execute(converted), budget);
            } finally {
                interrupted = call.finish();
            }
        } catch (PolyglotException e) {
            throw translate(e, interrupted);
        } catch (JsScriptException e) {
            throw interrupted ? overtime(null) : failure(misfit + ": " + e.getMessage(), null);
        }
    }

    private void open() {
        Context created = sandbox.newContext();
        try {
            created.parse(parseCheck);
            Value createdFactory = created.eval(factorySource);
            call.start(created, sandbox.deadlineFromNow());
            Value defined;
            try {
                defined = createdFactory.execute();
            } finally {
                call.finish();
            }
            if (defined.isNull()) {
                throw new JsScriptException(
                        "the script does not define the entry function '" + signature.entry()
                                + "' (declare it at the top level: function " + signature.entry() + "(...) { ... })",
                        1,
                        1);
            }
            context = created;
            intrinsics = JsConversions.Intrinsics.of(created);
            entry = created.eval(trampolineSource).execute(createdFactory);
        } catch (PolyglotException e) {
            created.close(true);
            if (e.isSyntaxError()) {
                int[] position = position(e.getSourceLocation());
                throw new JsScriptException("syntax error: " + e.getMessage(), position[0], position[1]);
            }
            throw translate(e, false);
        } catch (RuntimeException e) {
            created.close(true);
            throw e;
        }
    }

    /** Maps a stopped or failed call to a message naming the function and version; drops a dead context. */
    private JsScriptException translate(PolyglotException e, boolean interrupted) {
        int[] position = position(e.getSourceLocation());
        if (interrupted || e.isInterrupted()) {
            return overtime(position);
        }
        if (e.isCancelled() || e.isResourceExhausted()) {
            discardContext();
            String what = e.isCancelled()
                    ? "ran more than " + sandbox.limits().statementsPerCall() + " statements in one call"
                    : "exhausted a resource (" + e.getMessage() + ")";
            return stopped(what + " and was stopped", position);
        }
        if (e.isGuestException()) {
            return failure("threw " + shortened(e.getMessage()), position);
        }
        discardContext();
        return failure("failed inside the JavaScript engine: " + e.getMessage(), position);
    }

    private JsScriptException overtime(int[] position) {
        return stopped(
                "ran longer than " + sandbox.limits().timePerCall().toMillis() + " ms in one call and was stopped",
                position);
    }

    private JsScriptException stopped(String what, int[] position) {
        return new JsCallStoppedException(described(what, position), line(position), column(position));
    }

    private JsScriptException failure(String what, int[] position) {
        return new JsScriptException(described(what, position), line(position), column(position));
    }

    private String described(String what, int[] position) {
        String where = line(position) == 0 ? "" : " at line " + position[0] + ", column " + position[1];
        return "JavaScript function '" + name + "' version " + version + " " + what + where;
    }

    private static int line(int[] position) {
        return position == null ? 0 : position[0];
    }

    private static int column(int[] position) {
        return position == null ? 0 : position[1];
    }

    /** A thrown value's text is the script's to choose: the error that names the function carries its start only. */
    private static String shortened(String message) {
        return message == null || message.length() <= MAX_MESSAGE_LENGTH
                ? message
                : message.substring(0, MAX_MESSAGE_LENGTH) + "... (" + message.length() + " characters)";
    }

    /** Line and column in the user's script: the strict-mode prefix shares its first line. */
    private int[] position(SourceSection section) {
        if (section == null || !section.isAvailable() || section.getSource().isInternal()) {
            return new int[] {0, 0};
        }
        int line = section.getStartLine();
        int column = section.getStartColumn();
        if (line == 1) {
            String prefix = section.getSource().equals(parseCheck) ? STRICT : FACTORY_START;
            column = Math.max(1, column - prefix.length());
        }
        return new int[] {line, column};
    }

    private void discardContext() {
        if (context != null) {
            context.close(true);
            context = null;
            entry = null;
            intrinsics = null;
        }
    }

    @Override
    public void close() {
        sandbox.release(call);
        discardContext();
    }
}
