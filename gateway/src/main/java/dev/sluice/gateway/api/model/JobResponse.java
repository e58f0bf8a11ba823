package dev.sluice.gateway.api.model;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.store.EstimateCorrection;
import dev.sluice.gateway.track.JobMetrics;

import javax.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * A job Sluice started: its name (the session's {@code pipeline.name}, else the tables it writes), whose it is (tenant, and the id of the token that submitted it), its status, the Flink job
 * behind it, when it started, the SQL that started it and the catalog function versions it was submitted with.
 * Reading one job also shows the estimate it was admitted with, what Flink measures of it (while it runs), its
 * status history and the savepoints it can be resumed from (all absent from lists); once it has run a while, its
 * estimate corrected from that measurement ({@code correction}), and, when admission asked the quota for a correction
 * instead of the estimate, whose ({@code admittedOnCorrectionOf}: this job's own on a resume, else an earlier job of
 * the tenant with the same statement).
 */
public record JobResponse(
        String id,
        @Nullable String name,
        String tenant,
        String owner,
        String status,
        @Nullable String statusMessage,
        @Nullable String flinkJobId,
        String sessionId,
        String sql,
        Instant startTime,
        Instant updateTime,
        List<FunctionUseResponse> functions,
        @Nullable Estimate estimate,
        @Nullable JobMetrics measured,
        @Nullable EstimateCorrection correction,
        @Nullable String admittedOnCorrectionOf,
        @Nullable List<JobStatusChangeResponse> history,
        @Nullable List<SavepointResponse> savepoints) {}
