package dev.sluice.gateway.catalog;

import org.apache.flink.table.functions.ScalarFunction;

import java.util.Locale;

/** A user-defined function for the tests to register by class name. */
public class UpperCase extends ScalarFunction {

    public String eval(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }
}
