package dev.sluice.udf.catalog;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A function's SQL signature: named parameters and the result, each as a Flink SQL type string
 * ({@code STRING}, {@code DECIMAL(10, 2)}, {@code ROW<word STRING, n INT>}, {@code ARRAY<BIGINT>}).
 * For a {@link FunctionKind#TABLE} function the result is the type of one produced row.
 * Java functions get it derived from Flink's type inference; JavaScript and enrichment functions declare it.
 */
public record FunctionSignature(List<Parameter> parameters, String result) implements Serializable {

    public FunctionSignature {
        parameters = List.copyOf(Objects.requireNonNull(parameters, "parameters is null"));
        Objects.requireNonNull(result, "result is null");
    }

    /** One parameter; {@code name} may be generated ({@code arg0}) when the source has none. */
    public record Parameter(String name, String type) implements Serializable {
        public Parameter {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(type, "type is null");
        }
    }

    /** {@code (x STRING, n INT) -> BIGINT}, the form shown in listings. */
    public String text() {
        return parameters.stream().map(p -> p.name() + " " + p.type()).collect(Collectors.joining(", ", "(", ")"))
                + " -> " + result;
    }
}
