package dev.sluice.benchmarks.udf;

import org.apache.flink.table.functions.ScalarFunction;

import java.util.Locale;
import java.util.regex.Pattern;

/** The benchmark's logic as a Java UDF: trim, collapse runs of whitespace to one space, lower-case. */
public final class NormalizeJava extends ScalarFunction {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public String eval(String s) {
        return s == null ? null : WHITESPACE.matcher(s.trim()).replaceAll(" ").toLowerCase(Locale.ROOT);
    }
}
