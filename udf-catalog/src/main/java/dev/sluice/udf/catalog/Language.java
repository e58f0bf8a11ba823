package dev.sluice.udf.catalog;

/** The language a catalog function is written in; each has one {@link FunctionLanguage} implementation. */
public enum Language {
    /** A jar plus the name of a Flink {@code ScalarFunction}, {@code TableFunction} or {@code AggregateFunction}. */
    JAVA,
    /** JavaScript source plus a declared SQL signature, run sandboxed by GraalVM ({@code dev.sluice.udf.js}). */
    JAVASCRIPT,
    /** A declared lookup (JDBC table or HTTP JSON endpoint) without code ({@code dev.sluice.udf.enrich}). */
    ENRICHMENT
}
