package dev.sluice.gateway.api.model;

import java.time.Instant;

/** A savepoint or retained checkpoint the job can be resumed from. */
public record SavepointResponse(String path, String kind, String trigger, String flinkJobId, Instant time) {}
