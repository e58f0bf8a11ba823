/**
 * The admission step: a job runs now if its tenant's quota has room for what it will take, or is held as an approval
 * request for a platform admin. Admission is the last check before a job starts, so a held statement never reaches
 * Flink.
 */
package dev.sluice.gateway.pipeline.admit;
