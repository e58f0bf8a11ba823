package dev.sluice.gateway.calibrate;

import static java.util.Objects.requireNonNull;

/**
 * What one measured job did: its rates over the measuring window and its checkpointed state once it had reached
 * steady state.
 */
public record Measurement(JobMeter.Rates rates, JobMeter.Checkpoint checkpoint) {

    public Measurement {
        requireNonNull(rates, "rates is null");
        requireNonNull(checkpoint, "checkpoint is null");
    }
}
