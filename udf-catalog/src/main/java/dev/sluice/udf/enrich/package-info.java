/**
 * Enrichment functions: SQL scalar functions declared without code, by a JSON spec. Each looks a key up in a
 * PostgreSQL table or an HTTP JSON endpoint, through a local cache and a rate limiter, with a timeout and a fallback
 * value. {@link dev.sluice.udf.enrich.EnrichmentFunction} is what Flink calls; everything else is plain Java so that
 * the cache and the limiter are tested with an injected clock.
 */
package dev.sluice.udf.enrich;
