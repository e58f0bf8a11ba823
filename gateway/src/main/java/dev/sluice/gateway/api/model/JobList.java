package dev.sluice.gateway.api.model;

import java.util.List;

/** {@code GET /api/v1/jobs}: newest first. */
public record JobList(List<JobResponse> jobs) {}
