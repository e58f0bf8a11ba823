package dev.sluice.udf.js;

import org.apache.flink.table.catalog.DataTypeFactory;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.table.types.inference.TypeInference;

/**
 * A JavaScript table UDF as Flink runs it ({@code LATERAL TABLE(f(x))}): the script returns an array or an
 * iterable (a generator too) and every element becomes one row of the declared result type.
 */
public final class JsTableFunction extends TableFunction<Object> {

    private static final long serialVersionUID = 1L;

    private final JsFunctionHost host;

    JsTableFunction(JsFunctionHost host) {
        this.host = host;
    }

    @Override
    public void open(FunctionContext context) {
        host.open(context.getMetricGroup());
    }

    /** Called by Flink's generated code with the external values of the declared argument types. */
    public void eval(Object... arguments) {
        host.count(() -> host.function().callTable(arguments)).forEach(this::collect);
    }

    @Override
    public TypeInference getTypeInference(DataTypeFactory typeFactory) {
        return JsTypeInference.of(host.signature());
    }

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
        return "JavaScript table function " + host.name();
    }
}
