package dev.sluice.gateway.pgwire;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

import static java.util.Objects.requireNonNull;

/**
 * The values a client bound to a statement's {@code $n} parameters, as it sent them (text or binary), with the types
 * it named for them at Parse (null where it named none). They are read when the statement runs, once each unnamed
 * type is known: inferred from the statement by Flink, or text for a statement the listener answers itself.
 */
record BoundParameters(List<PgType> declared, List<byte[]> raw, List<Boolean> binary) {

    static final BoundParameters NONE = new BoundParameters(List.of(), List.of(), List.of());

    BoundParameters {
        declared = Collections.unmodifiableList(new ArrayList<>(requireNonNull(declared, "declared is null")));
        raw = Collections.unmodifiableList(new ArrayList<>(requireNonNull(raw, "raw is null")));
        binary = List.copyOf(requireNonNull(binary, "binary is null"));
        if (declared.size() != raw.size() || raw.size() != binary.size()) {
            throw new IllegalArgumentException("Each parameter needs a type (or null), a value (or null) and a format");
        }
    }

    int count() {
        return raw.size();
    }

    /** Whether a parameter with a value has no type the client named: Flink must infer it before it can be read. */
    boolean needsInference() {
        for (int i = 0; i < raw.size(); i++) {
            if (raw.get(i) != null && declared.get(i) == null) {
                return true;
            }
        }
        return false;
    }

    /** The values read by the types the client named, text where it named none. */
    List<Object> values(ZoneId zone) {
        return values(i -> declared.get(i) == null ? PgType.TEXT : declared.get(i), zone);
    }

    /** The values read by {@code typeOf} each 0-based parameter index. */
    List<Object> values(IntFunction<PgType> typeOf, ZoneId zone) {
        List<Object> values = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            byte[] bytes = raw.get(i);
            PgType type = typeOf.apply(i);
            if (bytes == null) {
                values.add(null);
            } else if (binary.get(i)) {
                values.add(ParameterValues.fromBinary(type, bytes));
            } else {
                values.add(ParameterValues.fromText(type, ParameterValues.utf8(bytes), zone));
            }
        }
        return Collections.unmodifiableList(values);
    }
}
