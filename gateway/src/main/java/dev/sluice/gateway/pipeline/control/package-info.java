/**
 * Statements that reach past a session into the cluster's control plane (SHOW JOBS, DESCRIBE JOB, STOP JOB) or list
 * the session's settings (SET): the pipeline hands them here, so a tenant sees and touches only its own jobs and
 * never the cluster's addresses, its state directories or the gateway's own configuration.
 */
package dev.sluice.gateway.pipeline.control;
