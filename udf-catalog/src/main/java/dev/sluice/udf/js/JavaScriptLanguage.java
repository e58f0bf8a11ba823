package dev.sluice.udf.js;

import dev.sluice.udf.catalog.CheckedVersion;
import dev.sluice.udf.catalog.FunctionContext;
import dev.sluice.udf.catalog.FunctionDefinition;
import dev.sluice.udf.catalog.FunctionDraft;
import dev.sluice.udf.catalog.FunctionException;
import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionLanguage;
import dev.sluice.udf.catalog.FunctionSignature;
import dev.sluice.udf.catalog.FunctionVersion;
import dev.sluice.udf.catalog.Language;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.apache.flink.table.types.DataType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * JavaScript functions in the catalog: a draft is compiled in the sandbox before it is stored (so a version that does
 * not compile never reaches a job), and a stored version becomes a {@link JsScalarFunction} or {@link JsTableFunction}.
 */
public final class JavaScriptLanguage implements FunctionLanguage {

    /** How often a running reloadable function asks the catalog for a newer version: well inside the 30 s promise. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

    private final JsSandbox sandbox;
    private final Duration pollInterval;

    public JavaScriptLanguage(JsSandbox sandbox, Duration pollInterval) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox is null");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval is null");
    }

    /** Checks on the JVM's shared sandbox and polls every {@link #DEFAULT_POLL_INTERVAL}. */
    public JavaScriptLanguage() {
        this(JsSandbox.shared(), DEFAULT_POLL_INTERVAL);
    }

    @Override
    public Language language() {
        return Language.JAVASCRIPT;
    }

    @Override
    public CheckedVersion check(FunctionDraft draft) {
        if (draft.kind() == null) {
            throw FunctionException.invalid("kind", "a JavaScript function needs a kind", "SCALAR or TABLE");
        }
        if (draft.signature() == null) {
            throw FunctionException.invalid(
                    "signature",
                    "a JavaScript function needs a declared SQL signature",
                    "e.g. {\"parameters\": [{\"name\": \"s\", \"type\": \"STRING\"}], \"result\": \"STRING\"}");
        }
        String source = draft.payload().text();
        if (source != null && source.length() > JsFunction.MAX_SOURCE_LENGTH) {
            throw new FunctionException(
                    FunctionException.Reason.TOO_LARGE,
                    "the script has " + source.length() + " characters, more than the limit of "
                            + JsFunction.MAX_SOURCE_LENGTH,
                    "source",
                    0,
                    0,
                    "split it or move data into a table");
        }
        JsSignature signature = signature(draft.kind(), draft.payload().entry(), draft.signature());
        try (JsFunction compiled = JsFunction.compile(sandbox, draft.name(), 0, source, signature)) {
            return new CheckedVersion(draft.kind(), draft.signature(), draft.payload());
        } catch (JsScriptException e) {
            throw new FunctionException(
                    FunctionException.Reason.INVALID,
                    e.getMessage(),
                    "source",
                    e.line(),
                    e.column(),
                    "the script must declare function " + signature.entry() + "(...) at its top level");
        }
    }

    @Override
    public UserDefinedFunction instantiate(
            FunctionDefinition definition, FunctionVersion version, FunctionContext context) {
        JsSignature signature = signature(definition.kind(), version.payload().entry(), version.signature());
        JsFunctionHost host = new JsFunctionHost(
                definition.tenant(),
                definition.name(),
                signature,
                version,
                definition.reloadable() ? context.versions() : null,
                pollInterval);
        return definition.kind() == FunctionKind.TABLE ? new JsTableFunction(host) : new JsScalarFunction(host);
    }

    @Override
    public Object tryOnce(FunctionDefinition definition, FunctionVersion version, List<?> arguments) {
        JsSignature signature = signature(definition.kind(), version.payload().entry(), version.signature());
        List<DataType> types = signature.argumentTypes();
        if (arguments.size() != types.size()) {
            throw FunctionException.invalid(
                    "arguments",
                    definition.name() + " takes " + types.size() + " argument(s), not " + arguments.size() + ".",
                    "Its signature is " + version.signature().text() + ".");
        }
        Object[] values = new Object[types.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = external(arguments.get(i), types.get(i), "arguments[" + i + "]");
        }
        try (JsFunction function = JsFunction.compile(
                sandbox, definition.name(), version.number(), version.payload().text(), signature)) {
            return definition.kind() == FunctionKind.TABLE ? function.callTable(values) : function.call(values);
        } catch (JsScriptException e) {
            throw new FunctionException(
                    FunctionException.Reason.INVALID,
                    e.getMessage(),
                    "source",
                    e.line(),
                    e.column(),
                    "Fix the script and publish a new version.",
                    // Kept, so that a caller can tell a call the sandbox stopped from one that failed of itself.
                    e);
        }
    }

    /** A sample argument as the value Flink would pass for {@code type}: only the plain scalar types. */
    private static Object external(Object value, DataType type, String field) {
        if (value == null) {
            return null;
        }
        Class<?> target = type.getConversionClass();
        if (target == String.class && value instanceof String) {
            return value;
        }
        if (target == Boolean.class && value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            try {
                BigDecimal exact = new BigDecimal(number.toString());
                if (target == Integer.class) return exact.intValueExact();
                if (target == Long.class) return exact.longValueExact();
                if (target == Short.class) return exact.shortValueExact();
                if (target == Byte.class) return exact.byteValueExact();
                if (target == Double.class) return number.doubleValue();
                if (target == Float.class) return number.floatValue();
                if (target == BigDecimal.class) return exact;
            } catch (ArithmeticException e) {
                throw FunctionException.invalid(field, value + " does not fit " + type + ".", null);
            }
        }
        throw FunctionException.invalid(
                field,
                "A " + type + " argument cannot be given as " + value + " here.",
                "Sample input takes strings, numbers, booleans and null for STRING, numeric and BOOLEAN parameters.");
    }

    /** The signature as the runtime needs it, each fault named by its request field. */
    private static JsSignature signature(FunctionKind kind, String entry, FunctionSignature declared) {
        if (kind != FunctionKind.SCALAR && kind != FunctionKind.TABLE) {
            throw FunctionException.invalid("kind", "a JavaScript function is SCALAR or TABLE, not " + kind, null);
        }
        if (entry == null || !entry.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw FunctionException.invalid(
                    "entry",
                    "the entry function must be a JavaScript identifier, got '" + entry + "'",
                    "the name of the function in the script that SQL calls");
        }
        for (int i = 0; i < declared.parameters().size(); i++) {
            checkType(
                    "signature.parameters[" + i + "].type",
                    declared.parameters().get(i).type());
        }
        checkType("signature.result", declared.result());
        return JsSignature.of(kind, entry, declared);
    }

    private static void checkType(String field, String type) {
        try {
            JsConversions.forType(JsSignature.parseType(type));
        } catch (JsScriptException e) {
            throw FunctionException.invalid(
                    field,
                    e.getMessage(),
                    "a Flink SQL type such as STRING, BIGINT, DECIMAL(10, 2), ARRAY<STRING>, ROW<a INT>");
        }
    }
}
