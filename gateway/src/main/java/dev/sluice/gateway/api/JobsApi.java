package dev.sluice.gateway.api;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.api.model.JobList;
import dev.sluice.gateway.api.model.JobResponse;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.track.JobMetrics;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.api.model.FunctionUseResponse;
import dev.sluice.udf.catalog.FunctionCatalog;

import javax.annotation.Nullable;
import io.javalin.http.Context;

import static java.util.Objects.requireNonNull;

/** The jobs that INSERT and STATEMENT SET statements started. */
final class JobsApi {

    private final JobTracker jobs;
    private final FunctionCatalog functions;

    JobsApi(JobTracker jobs, FunctionCatalog functions) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    void list(Context ctx) {
        ctx.json(new JobList(jobs.list(ApiServer.caller(ctx)).stream().map(this::toResponse).toList()));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("jobId");
        // Another tenant's job is missing, not forbidden, so job ids say nothing about other tenants.
        JobRecord job = jobs.find(id, ApiServer.caller(ctx)).orElseThrow(() -> notFound(id));
        // One job's view sets what it was admitted with next to what Flink measures of it now.
        ctx.json(toResponse(job, jobs.estimate(id).orElse(null), jobs.metrics(job).orElse(null)));
    }

    void stop(Context ctx) {
        ctx.json(toResponse(jobs.stop(ctx.pathParam("jobId"), ApiServer.caller(ctx))));
    }

    JobResponse toResponse(JobRecord job) {
        return toResponse(job, null, null);
    }

    private JobResponse toResponse(JobRecord job, @Nullable Estimate estimate, @Nullable JobMetrics measured) {
        return new JobResponse(
                job.id(),
                job.tenant(),
                job.owner(),
                job.status().name(),
                job.statusMessage(),
                job.flinkJobId(),
                job.sessionId(),
                job.statement(),
                job.createdAt(),
                job.updatedAt(),
                functions.usesOf(job.id()).stream().map(use -> new FunctionUseResponse(use.name(), use.version())).toList(),
                estimate,
                measured);
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorCode.NOT_FOUND, "No job with id " + id + ".", null, null,
                "GET /api/v1/jobs lists the jobs there are.", null);
    }
}
