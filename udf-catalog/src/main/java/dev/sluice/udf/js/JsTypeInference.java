package dev.sluice.udf.js;

import org.apache.flink.table.types.inference.TypeInference;
import org.apache.flink.table.types.inference.TypeStrategies;

/** Flink's type inference for a declared signature: exactly these argument types, exactly this result. */
final class JsTypeInference {

    private JsTypeInference() {}

    // typedArguments is deprecated for staticArguments, which needs argument names (a JS signature declares only
    // types) and turns on named-argument calls: a change of behaviour, not of style.
    @SuppressWarnings("deprecation")
    static TypeInference of(JsSignature signature) {
        return TypeInference.newBuilder()
                .typedArguments(signature.argumentTypes())
                .outputTypeStrategy(TypeStrategies.explicit(signature.returnType()))
                .build();
    }
}
