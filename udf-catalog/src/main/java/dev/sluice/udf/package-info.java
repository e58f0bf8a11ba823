/**
 * Sluice's catalog of user-defined functions: definitions and versions, Java UDF jars, the sandboxed JavaScript
 * runtime and enrichment lookups. It knows nothing of HTTP or quotas; the gateway exposes it.
 */
package dev.sluice.udf;
