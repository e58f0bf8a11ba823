package dev.sluice.gateway.api;

import dev.sluice.estimate.model.Estimate;
import dev.sluice.gateway.api.ApiServer.Access;
import dev.sluice.gateway.api.ApiServer.Route;
import dev.sluice.gateway.api.model.FunctionUseResponse;
import dev.sluice.gateway.api.model.JobList;
import dev.sluice.gateway.api.model.JobResponse;
import dev.sluice.gateway.api.model.JobStatusChangeResponse;
import dev.sluice.gateway.api.model.ResumeRequest;
import dev.sluice.gateway.api.model.SavepointResponse;
import dev.sluice.gateway.api.model.StopRequest;
import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.store.EstimateCorrection;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.JobMetrics;
import dev.sluice.gateway.track.JobTracker;
import dev.sluice.udf.catalog.FunctionCatalog;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import javax.annotation.Nullable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The jobs that INSERT and STATEMENT SET statements started, and their lifecycle: stop, resume, rewind, restate. */
public final class JobsApi implements RouteGroup {

    private final JobTracker jobs;
    private final JobLifecycle lifecycle;
    private final FunctionCatalog functions;
    private final Json json = new Json();

    public JobsApi(JobTracker jobs, JobLifecycle lifecycle, FunctionCatalog functions) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.functions = requireNonNull(functions, "functions is null");
    }

    @Override
    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/v1/jobs", Access.AUTHENTICATED, null, this::list),
                new Route(HandlerType.GET, "/api/v1/jobs/{jobId}", Access.AUTHENTICATED, null, this::get),
                new Route(HandlerType.GET, "/api/v1/jobs/{jobId}/plan", Access.AUTHENTICATED, null, this::plan),
                new Route(HandlerType.POST, "/api/v1/jobs/{jobId}:stop", Access.AUTHENTICATED, "job.stop", this::stop),
                new Route(
                        HandlerType.POST,
                        "/api/v1/jobs/{jobId}:resume",
                        Access.AUTHENTICATED,
                        "job.resume",
                        this::resume));
    }

    void list(Context ctx) {
        ctx.json(new JobList(
                jobs.list(ApiServer.caller(ctx)).stream().map(this::toResponse).toList()));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("jobId");
        Principal caller = ApiServer.caller(ctx);
        // find refreshes the record from the cluster; require gives the one 404, also for another tenant's job.
        ctx.json(detailed(jobs.find(id, caller).orElseGet(() -> jobs.require(id, caller))));
    }

    /** The job's graph: its tasks and the exchanges between them, as Flink runs it. */
    void plan(Context ctx) {
        ctx.json(jobs.plan(jobs.require(ctx.pathParam("jobId"), ApiServer.caller(ctx))));
    }

    void stop(Context ctx) {
        String id = ctx.pathParam("jobId");
        Principal caller = ApiServer.caller(ctx);
        StopRequest request =
                ctx.body().isBlank() ? new StopRequest(null, null) : json.read(ctx.body(), StopRequest.class);
        ctx.json(detailed(
                request.withSavepoint()
                        ? jobs.stopWithSavepoint(id, caller, request.draining())
                        : jobs.stop(id, caller)));
    }

    void resume(Context ctx) {
        String id = ctx.pathParam("jobId");
        Principal caller = ApiServer.caller(ctx);
        ResumeRequest request =
                ctx.body().isBlank() ? new ResumeRequest(null, null, null) : json.read(ctx.body(), ResumeRequest.class);
        jobs.require(id, caller);
        ctx.json(detailed(
                lifecycle.resume(id, request.savepoint(), request.ignoringUnclaimedState(), request.startTime())));
    }

    JobResponse toResponse(JobRecord job) {
        return response(job, null, null, null, null, null, null);
    }

    /**
     * One job's view: what it was admitted with next to what Flink measures of it now, its status history and the
     * savepoints it can be resumed from.
     */
    private JobResponse detailed(JobRecord job) {
        return response(
                job,
                jobs.estimate(job.id()).orElse(null),
                jobs.metrics(job).orElse(null),
                jobs.correction(job.id()).orElse(null),
                jobs.admittedOnCorrectionOf(job.id()).orElse(null),
                jobs.history(job.id()).stream()
                        .map(change -> new JobStatusChangeResponse(
                                change.status().name(), change.reason(), change.flinkJobId(), change.at()))
                        .toList(),
                jobs.savepoints(job.id()).stream()
                        .map(savepoint -> new SavepointResponse(
                                savepoint.path(),
                                savepoint.kind().name(),
                                savepoint.trigger(),
                                savepoint.flinkJobId(),
                                savepoint.takenAt()))
                        .toList());
    }

    private JobResponse response(
            JobRecord job,
            @Nullable Estimate estimate,
            @Nullable JobMetrics measured,
            @Nullable EstimateCorrection correction,
            @Nullable String admittedOnCorrectionOf,
            @Nullable List<JobStatusChangeResponse> history,
            @Nullable List<SavepointResponse> savepoints) {
        return new JobResponse(
                job.id(),
                job.name(),
                job.tenant(),
                job.owner(),
                job.status().name(),
                job.statusMessage(),
                job.flinkJobId(),
                job.sessionId(),
                job.statement(),
                job.createdAt(),
                job.updatedAt(),
                functions.usesOf(job.id()).stream()
                        .map(use -> new FunctionUseResponse(use.name(), use.version()))
                        .toList(),
                estimate,
                measured,
                correction,
                admittedOnCorrectionOf,
                history,
                savepoints);
    }
}
