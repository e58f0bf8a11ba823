package dev.sluice.udf.catalog;

/** What a function returns per call, as Flink SQL sees it. */
public enum FunctionKind {
    /** One value per row ({@code ScalarFunction}). */
    SCALAR,
    /** Zero or more rows per row, used with {@code LATERAL TABLE} ({@code TableFunction}). */
    TABLE,
    /** One value per group ({@code AggregateFunction}). */
    AGGREGATE
}
