package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.time.Instant;

/** One transition of a job: to which status, when, why, and the Flink job it concerns. */
public record JobStatusChangeResponse(
        String status, @Nullable String reason, @Nullable String flinkJobId, Instant time) {}
