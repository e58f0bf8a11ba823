package dev.sluice.gateway;

import dev.sluice.estimate.ResourceEstimator;
import dev.sluice.estimate.calibration.ProfileStore;
import dev.sluice.gateway.audit.AuditLog;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.execute.JobRestarts;
import dev.sluice.gateway.pipeline.StatementPipeline;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.pipeline.admit.AdmissionTurn;
import dev.sluice.gateway.pipeline.admit.ClusterCapacity;
import dev.sluice.gateway.pipeline.admit.JobDemand;
import dev.sluice.gateway.pipeline.control.ControlStatements;
import dev.sluice.gateway.pipeline.estimate.StatementEstimator;
import dev.sluice.gateway.pipeline.lint.Linter;
import dev.sluice.gateway.pipeline.plan.StatementPlanner;
import dev.sluice.gateway.pipeline.policy.PolicyCheck;
import dev.sluice.gateway.pipeline.policy.SettingAllowlist;
import dev.sluice.gateway.sqltest.StatementTests;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobSavepoint;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.validate.ScriptValidator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.service.context.DefaultContext;
import org.apache.flink.table.gateway.service.session.SessionManagerImpl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * Flink's session manager with the pipeline in front of it (policy, lint, estimate, admission), the validator that
 * checks whole scripts through it, and the statement tests that run a script's last statement on given rows.
 */
record Pipeline(
        SessionManagerImpl sessions,
        Tenants tenants,
        AuditLog audit,
        PolicyCheck policy,
        AdmissionControl admission,
        StatementPipeline pipeline,
        ScriptValidator validator,
        StatementTests tests) {

    /** An admission takes milliseconds: a gateway that died in one blocks the others no longer than this. */
    private static final Duration ADMISSION_TURN_VALID_FOR = Duration.ofSeconds(10);
    /** Longer than a dead gateway's turn lasts, so a waiting admission is refused only when the store is in trouble. */
    private static final Duration ADMISSION_TURN_WAIT = Duration.ofSeconds(15);

    static Pipeline wire(
            Configuration options,
            Path dataDir,
            MetadataStore store,
            JobCluster cluster,
            Tracking tracking,
            Catalogs catalogs,
            Meters meters,
            Started started) {
        // The implementation itself, whose isSessionAlive looks without touching (which would keep idle sessions open).
        SessionManagerImpl sessions =
                new SessionManagerImpl(new DefaultContext(cluster.sessionConfiguration(), List.of()));
        sessions.start();
        started.remember(sessions::stop);
        Tenants tenants = new Tenants(sessions::isSessionAlive);
        AuditLog audit = new AuditLog(store.auditRepository(), Clock.systemUTC());
        PolicyCheck policy = new PolicyCheck(
                catalogs.policies(),
                tenants::ofSession,
                catalogs.storage(),
                tenant -> restorePoints(store.jobRepository(), tenant),
                new SettingAllowlist(
                        options.get(SluiceOptions.POLICY_MIN_CHECKPOINT_INTERVAL),
                        options.get(SluiceOptions.POLICY_MIN_RESTART_DELAY),
                        new SettingAllowlist.RestartBounds(
                                options.get(SluiceOptions.POLICY_MAX_RESTART_ATTEMPTS),
                                options.get(SluiceOptions.JOB_RESTART_RESET_AFTER),
                                options.get(SluiceOptions.POLICY_ALLOW_UNBOUNDED_RESTARTS))),
                store.testPassRepository()::passed);
        AdmissionControl admission = admission(options, store, cluster, tracking);
        JobDemand demands = new JobDemand(
                options.get(SluiceOptions.ADMISSION_MEMORY_PER_SLOT),
                options.get(SluiceOptions.ADMISSION_STATE_PER_JOB));
        StatementPipeline pipeline = new StatementPipeline(
                sessions,
                tenants,
                tracking.jobs(),
                policy,
                Linter.standard(new StatementPlanner()),
                estimator(options, dataDir),
                audit,
                admission,
                demands,
                tracking.queries(),
                catalogs.functions(),
                new ControlStatements(tracking.jobs(), tenants),
                meters.pipeline(),
                options.get(SluiceOptions.CHECKPOINT_INTERVAL),
                JobRestarts.fromOptions(options, cluster.sessionConfiguration()));
        ScriptValidator validator = started.remember(new ScriptValidator(
                sessions,
                pipeline,
                policy,
                tenants,
                catalogs.sessionCatalogs(),
                store.catalogVersion()::current,
                options.get(SluiceOptions.VALIDATION_CACHE_SIZE),
                options.get(SluiceOptions.VALIDATION_WARM_SESSIONS),
                options.get(SluiceOptions.VALIDATION_TIMEOUT),
                options.get(SluiceOptions.VALIDATION_PARALLELISM),
                options.get(SluiceOptions.VALIDATION_LINT_THREADS),
                options.get(SluiceOptions.VALIDATION_QUEUE_SIZE),
                options.get(SluiceOptions.VALIDATION_QUEUE_SIZE_PER_TENANT)));
        StatementTests tests = started.remember(new StatementTests(
                validator,
                pipeline,
                admission,
                demands,
                tracking.queries(),
                new StatementTests.Limits(
                        options.get(SluiceOptions.STATEMENT_TESTS_MAX_ROWS),
                        options.get(SluiceOptions.STATEMENT_TESTS_TIMEOUT),
                        options.get(SluiceOptions.STATEMENT_TESTS_PARALLELISM))));
        return new Pipeline(sessions, tenants, audit, policy, admission, pipeline, validator, tests);
    }

    private static AdmissionControl admission(
            Configuration options, MetadataStore store, JobCluster cluster, Tracking tracking) {
        return new AdmissionControl(
                store.quotaRepository(),
                store.approvalRepository(),
                defaultQuota(options),
                new AdmissionControl.Limits(
                        options.get(SluiceOptions.LIMITS_MAX_QUERIES_PER_TENANT),
                        options.get(SluiceOptions.LIMITS_MAX_PENDING_APPROVALS_PER_TENANT)),
                new ClusterCapacity(
                        cluster,
                        options.getOptional(SluiceOptions.ADMISSION_CLUSTER_TASK_SLOTS)
                                .map(OptionalInt::of)
                                .orElse(OptionalInt.empty())),
                () -> {
                    tracking.queries().refresh();
                    tracking.jobs().refresh();
                },
                new AdmissionTurn(store.leaseRepository(), ADMISSION_TURN_VALID_FOR, ADMISSION_TURN_WAIT),
                Clock.systemUTC());
    }

    private static StatementEstimator estimator(Configuration options, Path dataDir) {
        return new StatementEstimator(
                new ResourceEstimator(
                        // A missing or bad profile stops the start with a message naming the file.
                        new ProfileStore(dataDir.resolve("profiles"))
                                .read(options.get(SluiceOptions.ESTIMATE_PROFILE))),
                options.get(SluiceOptions.CHECKPOINT_INTERVAL));
    }

    private static QuotaRecord defaultQuota(Configuration options) {
        return new QuotaRecord(
                options.get(SluiceOptions.QUOTA_MAX_JOBS),
                new Resources(
                        options.get(SluiceOptions.QUOTA_MAX_TASK_SLOTS),
                        Math.round(options.get(SluiceOptions.QUOTA_MAX_CPU_CORES) * 1000),
                        options.get(SluiceOptions.QUOTA_MAX_MEMORY).getBytes(),
                        options.get(SluiceOptions.QUOTA_MAX_STATE).getBytes()));
    }

    /** Where the tenant's jobs may start from: the savepoints and checkpoints Sluice recorded for them. */
    private static List<String> restorePoints(JobRepository jobs, String tenant) {
        return jobs.listByTenant(tenant).stream()
                .flatMap(job -> jobs.savepoints(job.id()).stream())
                .map(JobSavepoint::path)
                .toList();
    }
}
