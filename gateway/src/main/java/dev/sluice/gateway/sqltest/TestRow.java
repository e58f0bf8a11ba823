package dev.sluice.gateway.sqltest;

import javax.annotation.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One row of a statement test, expected or produced: its values by column name, in {@link JsonForms}' forms, and, when
 * the test compares the changelog, its kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}).
 */
public record TestRow(@Nullable String kind, Map<String, Object> values) {

    public TestRow {
        // Values may be null (SQL NULL), which Map.copyOf refuses.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }

    /** The row without its kind, as it stands in a materialized result. */
    TestRow withoutKind() {
        return kind == null ? this : new TestRow(null, values);
    }
}
