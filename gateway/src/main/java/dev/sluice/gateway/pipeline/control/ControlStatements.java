package dev.sluice.gateway.pipeline.control;

import dev.sluice.gateway.auth.Principal;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.track.JobTracker;
import org.apache.flink.api.common.JobID;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.api.internal.TableResultInternal;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.gateway.api.operation.OperationHandle;
import org.apache.flink.table.gateway.api.session.SessionHandle;
import org.apache.flink.table.gateway.service.operation.OperationExecutor;
import org.apache.flink.table.gateway.service.result.ResultFetcher;
import org.apache.flink.table.gateway.service.utils.Constants;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.DescribeJobOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.command.ShowJobsOperation;
import org.apache.flink.table.operations.command.StopJobOperation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Sluice's own answers to the statements that would show a tenant more than its own: {@code SET} lists only the
 * {@link DisclosedSettings}; {@code SHOW JOBS} lists only the caller's tenant's Flink jobs (those of its job records
 * and of its sessions' queries); {@code DESCRIBE JOB} and {@code STOP JOB} (where a policy allows it) of any other
 * job answer exactly as for a job that does not exist. Admins see and touch every job, as they do through the API.
 */
public final class ControlStatements {

    private final JobTracker jobs;
    private final Tenants tenants;
    // The Flink jobs of running queries, by the session that started each; forgotten when the session closes.
    private final Map<JobID, SessionHandle> queryJobs = new ConcurrentHashMap<>();

    public ControlStatements(JobTracker jobs, Tenants tenants) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
    }

    /** Remembers the Flink job a session's query started, so SHOW JOBS lists it to the session's tenant. */
    public void queryStarted(SessionHandle session, TableResultInternal result) {
        queryJobs.values().removeIf(known -> tenants.ownerOf(known).isEmpty());
        result.getJobClient().ifPresent(client -> queryJobs.put(client.getJobID(), session));
    }

    /**
     * Sluice's answer to a command of {@code caller}'s session, or empty when Flink's executor runs it unchanged.
     *
     * @throws GatewayException for a job the caller's tenant does not have, as for one that does not exist
     */
    public Optional<ResultFetcher> execute(
            OperationExecutor executor, Principal caller, OperationHandle handle, Operation operation) {
        if (operation instanceof SetOperation set && set.getKey().isEmpty()) {
            return Optional.of(settings(executor.getTableEnvironment(), handle));
        }
        if (caller.isAdmin()) {
            return Optional.empty();
        }
        if (operation instanceof ShowJobsOperation showJobs) {
            return Optional.of(showJobs(executor, caller, handle, showJobs));
        }
        if (operation instanceof DescribeJobOperation describe) {
            requireVisible(caller, describe.getJobId());
            return Optional.of(executor.callDescribeJobOperation(executor.getTableEnvironment(), handle, describe));
        }
        if (operation instanceof StopJobOperation stop) {
            requireVisible(caller, stop.getJobId());
            return Optional.of(executor.callStopJobOperation(executor.getTableEnvironment(), handle, stop));
        }
        return Optional.empty();
    }

    private static ResultFetcher settings(TableEnvironmentInternal environment, OperationHandle handle) {
        List<RowData> rows =
                DisclosedSettings.of(environment.getConfig().getConfiguration().toMap()).entrySet().stream()
                        .map(setting -> (RowData) GenericRowData.of(
                                StringData.fromString(setting.getKey()), StringData.fromString(setting.getValue())))
                        .toList();
        return ResultFetcher.fromResults(
                handle,
                ResolvedSchema.of(
                        Column.physical(Constants.SET_KEY, DataTypes.STRING()),
                        Column.physical(Constants.SET_VALUE, DataTypes.STRING())),
                rows);
    }

    private ResultFetcher showJobs(
            OperationExecutor executor, Principal caller, OperationHandle handle, ShowJobsOperation showJobs) {
        ResultFetcher all = executor.callShowJobsOperation(executor.getTableEnvironment(), handle, showJobs);
        try {
            Set<String> visible = visibleJobs(caller);
            // The first column is the job id.
            List<RowData> rows = all.fetchResults(0, Integer.MAX_VALUE).getData().stream()
                    .filter(row -> visible.contains(row.getString(0).toString()))
                    .toList();
            return ResultFetcher.fromResults(handle, all.getResultSchema(), rows);
        } finally {
            all.close();
        }
    }

    private void requireVisible(Principal caller, String jobId) {
        if (!visibleJobs(caller).contains(jobId.strip().toLowerCase(Locale.ROOT))) {
            throw new GatewayException(
                    ErrorCode.SQL_EXECUTION,
                    "Job " + jobId + " does not exist in the cluster.",
                    null,
                    null,
                    "SHOW JOBS lists your tenant's jobs; GET /api/v1/jobs lists them with their Sluice ids.",
                    null);
        }
    }

    /** The Flink job ids, in hex, of the caller's tenant: its job records' and its open sessions' queries'. */
    private Set<String> visibleJobs(Principal caller) {
        Set<String> visible = jobs.list(caller).stream()
                .map(JobRecord::flinkJobId)
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(HashSet::new));
        queryJobs.forEach((job, session) -> tenants.ownerOf(session)
                .filter(owner -> owner.tenant().equals(caller.tenant()))
                .ifPresent(owner -> visible.add(job.toHexString())));
        return visible;
    }
}
