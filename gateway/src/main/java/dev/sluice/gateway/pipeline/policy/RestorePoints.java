package dev.sluice.gateway.pipeline.policy;

import java.util.List;

/** The state a tenant's jobs may start from: what Sluice recorded for them (GET /api/v1/jobs/{id} lists it). */
@FunctionalInterface
public interface RestorePoints {

    /** The paths of the savepoints and retained checkpoints recorded for the tenant's jobs. */
    List<String> of(String tenant);
}
