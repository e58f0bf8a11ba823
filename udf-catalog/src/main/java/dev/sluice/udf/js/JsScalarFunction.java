package dev.sluice.udf.js;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.table.types.inference.TypeInference;

/** A JavaScript scalar UDF as Flink runs it: one sandboxed context per task, typed by the declared signature. */
public final class JsScalarFunction extends ScalarFunction {

    private static final long serialVersionUID = 1L;

    private final JsFunctionHost host;

    JsScalarFunction(JsFunctionHost host) {
        this.host = host;
    }

    @Override
    public void open(FunctionContext context) {
        host.open(context.getMetricGroup());
    }

    /** Called by Flink's generated code with the external values of the declared argument types. */
    public Object eval(Object... arguments) {
        return host.count(() -> host.function().call(arguments));
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return JsTypeInference.of(host.signature());
    }

    /** Not deterministic: a reloadable version may change its results, and the planner must not fold calls. */
    @Override
    public boolean isDeterministic() {
        return false;
    }

    @Override
    public void close() {
        host.close();
    }

    @Override
    public String toString() {
        return "JavaScript function " + host.name();
    }
}
