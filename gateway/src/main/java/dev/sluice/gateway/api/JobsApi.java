package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.JobList;
import dev.sluice.gateway.api.model.JobResponse;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.gateway.api.model.FunctionUseResponse;
import dev.sluice.udf.catalog.FunctionCatalog;
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
        ctx.json(new JobList(jobs.list().stream().map(this::toResponse).toList()));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("jobId");
        ctx.json(toResponse(jobs.find(id).orElseThrow(() -> notFound(id))));
    }

    void stop(Context ctx) {
        ctx.json(toResponse(jobs.stop(ctx.pathParam("jobId"))));
    }

    JobResponse toResponse(JobRecord job) {
        return new JobResponse(
                job.id(),
                job.status().name(),
                job.statusMessage(),
                job.flinkJobId(),
                job.sessionId(),
                job.statement(),
                job.createdAt(),
                job.updatedAt(),
                functions.usesOf(job.id()).stream().map(use -> new FunctionUseResponse(use.name(), use.version())).toList());
    }

    private static GatewayException notFound(String id) {
        return new GatewayException(ErrorCode.NOT_FOUND, "No job with id " + id + ".", null, null,
                "GET /api/v1/jobs lists the jobs there are.", null);
    }
}
