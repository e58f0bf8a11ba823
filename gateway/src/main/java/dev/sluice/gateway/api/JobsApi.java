package dev.sluice.gateway.api;

import dev.sluice.gateway.api.model.JobList;
import dev.sluice.gateway.api.model.JobResponse;
import dev.sluice.gateway.api.model.JobStatusChangeResponse;
import dev.sluice.gateway.api.model.ResumeRequest;
import dev.sluice.gateway.api.model.SavepointResponse;
import dev.sluice.gateway.api.model.StopRequest;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.JobTracker;
import io.javalin.http.Context;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The jobs that INSERT and STATEMENT SET statements started, and their lifecycle: stop, resume, rewind, restate. */
final class JobsApi {

    private final JobTracker jobs;
    private final JobLifecycle lifecycle;
    private final Json json;

    JobsApi(JobTracker jobs, JobLifecycle lifecycle, Json json) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.lifecycle = requireNonNull(lifecycle, "lifecycle is null");
        this.json = requireNonNull(json, "json is null");
    }

    void list(Context ctx) {
        ctx.json(new JobList(jobs.list().stream().map(JobsApi::toResponse).toList()));
    }

    void get(Context ctx) {
        String id = ctx.pathParam("jobId");
        // find refreshes the record from the cluster; require gives the one 404 for an unknown id.
        ctx.json(detailed(jobs.find(id).orElseGet(() -> jobs.require(id))));
    }

    void stop(Context ctx) {
        String id = ctx.pathParam("jobId");
        StopRequest request = ctx.body().isBlank() ? new StopRequest(null, null) : json.read(ctx.body(), StopRequest.class);
        ctx.json(detailed(request.withSavepoint() ? jobs.stopWithSavepoint(id, request.draining()) : jobs.stop(id)));
    }

    void resume(Context ctx) {
        String id = ctx.pathParam("jobId");
        ResumeRequest request = ctx.body().isBlank() ? new ResumeRequest(null, null, null) : json.read(ctx.body(), ResumeRequest.class);
        ctx.json(detailed(lifecycle.resume(id, request.savepoint(), request.ignoringUnclaimedState(), request.startTime())));
    }

    static JobResponse toResponse(JobRecord job) {
        return response(job, null, null);
    }

    private JobResponse detailed(JobRecord job) {
        return response(
                job,
                jobs.history(job.id()).stream()
                        .map(change -> new JobStatusChangeResponse(change.status().name(), change.reason(), change.flinkJobId(), change.at()))
                        .toList(),
                jobs.savepoints(job.id()).stream()
                        .map(savepoint -> new SavepointResponse(
                                savepoint.path(), savepoint.kind().name(), savepoint.trigger(), savepoint.flinkJobId(), savepoint.takenAt()))
                        .toList());
    }

    private static JobResponse response(JobRecord job, List<JobStatusChangeResponse> history, List<SavepointResponse> savepoints) {
        return new JobResponse(
                job.id(),
                job.status().name(),
                job.statusMessage(),
                job.flinkJobId(),
                job.sessionId(),
                job.statement(),
                job.createdAt(),
                job.updatedAt(),
                history,
                savepoints);
    }
}
