package dev.sluice.udf.js;

import dev.sluice.udf.catalog.FunctionKind;
import dev.sluice.udf.catalog.FunctionSignature;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The declared SQL signature of a JavaScript UDF: the entry function's name, its argument types and its return type
 * in Flink SQL type syntax ({@code STRING}, {@code DECIMAL(10, 2)}, {@code ROW<a INT, b STRING>}). A TABLE function
 * returns an array of values of its return type (each one row); a ROW return type gives the rows their columns.
 */
public record JsSignature(FunctionKind kind, String entry, List<String> arguments, String returns)
        implements Serializable {

    public JsSignature {
        if (kind != FunctionKind.SCALAR && kind != FunctionKind.TABLE) {
            throw new JsScriptException("a JavaScript function is SCALAR or TABLE, not " + kind);
        }
        Objects.requireNonNull(returns, "returns is null");
        arguments = List.copyOf(Objects.requireNonNull(arguments, "arguments is null"));
        if (entry == null || !entry.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            throw new JsScriptException("entry must be a JavaScript identifier, got '" + entry + "'");
        }
        arguments.forEach(JsSignature::parseType);
        parseType(returns);
    }

    /** The signature of a catalog version: its parameters' types and result, called through {@code entry}. */
    public static JsSignature of(FunctionKind kind, String entry, FunctionSignature signature) {
        return new JsSignature(
                kind,
                entry,
                signature.parameters().stream()
                        .map(FunctionSignature.Parameter::type)
                        .toList(),
                signature.result());
    }

    /** Same kind and SQL types (the entry may differ): a running plan can switch between such versions. */
    public boolean sameShape(JsSignature other) {
        return kind == other.kind
                && argumentTypes().equals(other.argumentTypes())
                && returnType().equals(other.returnType());
    }

    public List<DataType> argumentTypes() {
        return arguments.stream().map(JsSignature::parseType).toList();
    }

    public DataType returnType() {
        return parseType(returns);
    }

    /**
     * Parses with a class loader that sees the JDK only: a {@code RAW('class', 'serializer snapshot')} type would
     * otherwise initialize any class of the gateway and instantiate a serializer snapshot read from the analyst's text.
     * No JavaScript conversion takes a RAW type anyway.
     */
    static DataType parseType(String sqlType) {
        try {
            LogicalType type = LogicalTypeParser.parse(sqlType, ClassLoader.getPlatformClassLoader());
            return TypeConversions.fromLogicalToDataType(type);
        } catch (RuntimeException e) {
            throw new JsScriptException("'" + sqlType + "' is not a SQL type: " + e.getMessage());
        }
    }
}
