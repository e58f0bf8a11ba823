/**
 * Turns an optimized Flink plan plus input-rate hints into a resource estimate. It never runs a Flink job and
 * knows nothing of tenants.
 */
package dev.sluice.estimate;
