package dev.sluice.gateway;

import dev.sluice.gateway.api.ApiServer;
import dev.sluice.gateway.api.ApprovalsApi;
import dev.sluice.gateway.api.AuditApi;
import dev.sluice.gateway.api.FunctionsApi;
import dev.sluice.gateway.api.HealthApi;
import dev.sluice.gateway.api.HistoryApi;
import dev.sluice.gateway.api.JobsApi;
import dev.sluice.gateway.api.MetricsApi;
import dev.sluice.gateway.api.PolicyApi;
import dev.sluice.gateway.api.QueriesApi;
import dev.sluice.gateway.api.QuotaApi;
import dev.sluice.gateway.api.Readiness;
import dev.sluice.gateway.api.ScriptsApi;
import dev.sluice.gateway.api.StatementTestsApi;
import dev.sluice.gateway.api.StatementsApi;
import dev.sluice.gateway.api.TablesApi;
import dev.sluice.gateway.api.TenantsApi;
import dev.sluice.gateway.approval.Approvals;
import dev.sluice.gateway.approval.ApprovedStatementRunner;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.execute.JobCluster;
import dev.sluice.gateway.metrics.TenantGauges;
import dev.sluice.gateway.pipeline.policy.ProtectedLocations;
import dev.sluice.gateway.session.JobResubmitter;
import dev.sluice.gateway.session.SessionServiceImpl;
import dev.sluice.gateway.session.StatementHistory;
import dev.sluice.gateway.sqltest.ScriptTests;
import dev.sluice.gateway.store.LeaseRepository;
import dev.sluice.gateway.track.FlinkMetricsReader;
import dev.sluice.gateway.track.JobFunctionCounters;
import dev.sluice.gateway.track.JobLifecycle;
import dev.sluice.gateway.track.TrackingLease;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.gateway.service.SqlGatewayServiceImpl;

import javax.annotation.Nullable;
import javax.net.ssl.SSLContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the listeners stand on, between the metadata store and the cluster: job tracking, catalogs and functions, the
 * pipeline, the session service, approvals and the jobs' lifecycle. {@link #wire} builds it; {@link #start} starts it,
 * in order, before any listener takes a statement.
 */
record Core(
        Metadata metadata,
        Tracking tracking,
        Catalogs catalogs,
        Pipeline pipeline,
        SqlGatewayServiceImpl flinkService,
        SessionServiceImpl sessions,
        Approvals approvals,
        JobLifecycle lifecycle,
        Meters meters,
        JobFunctionCounters jobFunctions,
        TrackingLease lease) {

    /**
     * @param files the gateway's own files
     * @param flink the configuration jobs get, with their state directories
     * @param clusterUrl the cluster's REST API, for the jobs' metrics
     */
    static Core wire(
            Configuration options,
            ProtectedLocations.GatewayFiles files,
            Metadata metadata,
            Configuration flink,
            JobCluster cluster,
            Supplier<String> clusterUrl,
            Meters meters,
            Started started) {
        Tracking tracking = Tracking.wire(options, metadata.store(), cluster, clusterUrl, started);
        Catalogs catalogs = Catalogs.wire(options, metadata.store(), metadata.config(), files, flink);
        Pipeline pipeline =
                Pipeline.wire(options, files.dataDir(), metadata.store(), cluster, tracking, catalogs, meters, started);
        SqlGatewayServiceImpl flinkService = new SqlGatewayServiceImpl(pipeline.sessions());
        SessionServiceImpl sessions = started.remember(new SessionServiceImpl(
                flinkService,
                pipeline.sessions()::isSessionAlive,
                metadata.authenticator(),
                pipeline.tenants(),
                pipeline.policy(),
                catalogs.sessionCatalogs(),
                pipeline.pipeline(),
                new StatementHistory(
                        metadata.store().historyRepository(),
                        options.get(SluiceOptions.HISTORY_MAX_PER_USER),
                        Clock.systemUTC()),
                options.get(SluiceOptions.MAX_SESSIONS_PER_TENANT),
                options.get(SluiceOptions.REVOCATION_SWEEP_INTERVAL),
                options.get(SluiceOptions.QUERY_UNREAD_TIMEOUT),
                Clock.systemUTC()));
        Approvals approvals = new Approvals(
                metadata.store().approvalRepository(),
                metadata.store().quotaRepository(),
                metadata.store().historyRepository(),
                new ApprovedStatementRunner(sessions, pipeline.pipeline(), metadata.authenticator()),
                Clock.systemUTC());
        JobLifecycle lifecycle = new JobLifecycle(
                tracking.jobs(), cluster, new JobResubmitter(sessions, pipeline.pipeline(), metadata.authenticator()));
        JobFunctionCounters jobFunctions = new JobFunctionCounters(
                metadata.store().jobRepository(),
                metadata.store().quotaRepository(),
                new FlinkMetricsReader(clusterUrl),
                meters.jobFunctions());
        return new Core(
                metadata,
                tracking,
                catalogs,
                pipeline,
                flinkService,
                sessions,
                approvals,
                lifecycle,
                meters,
                jobFunctions,
                started.remember(trackingLease(
                        options,
                        metadata.store().leaseRepository(),
                        new TrackingDuties(tracking, approvals, lifecycle))));
    }

    /**
     * Follows the queries of this gateway, and asks for the job-tracking lease: if this gateway gets it, the jobs are
     * reconciled before this returns, so before any listener takes a statement.
     */
    void start() {
        tracking.queries().start();
        lease.start();
    }

    /**
     * The lease of the gateways sharing a metadata store (one set by {@code sluice.metadata.url}) and a remote cluster;
     * a gateway with the embedded store or the embedded cluster is the only one, and holds it without asking.
     */
    private static TrackingLease trackingLease(
            Configuration options, LeaseRepository leases, TrackingLease.Duties duties) {
        Duration duration = options.get(SluiceOptions.LEASE_DURATION);
        Duration renewInterval = options.get(SluiceOptions.LEASE_RENEW_INTERVAL);
        if (renewInterval.compareTo(duration) >= 0) {
            throw new IllegalArgumentException(SluiceOptions.LEASE_RENEW_INTERVAL.key() + " (" + renewInterval
                    + ") must be shorter than " + SluiceOptions.LEASE_DURATION.key() + " (" + duration + ")");
        }
        // The embedded store is opened by one process; the embedded cluster's jobs live in this one: one gateway.
        boolean shared = options.getOptional(SluiceOptions.METADATA_URL).isPresent()
                && options.get(SluiceOptions.FLINK_TARGET) == SluiceOptions.FlinkTarget.REMOTE;
        return shared
                ? TrackingLease.shared(leases, duration, renewInterval, duties)
                : TrackingLease.sole(leases, renewInterval, duties);
    }

    /**
     * The Sluice API over this core, not started: its route table is every group's rows.
     *
     * @param tls the server's TLS context, or null for plain HTTP
     */
    ApiServer api(Configuration options, Readiness readiness, @Nullable SSLContext tls) {
        JobsApi jobs = new JobsApi(tracking.jobs(), lifecycle, catalogs.functions());
        ScriptTests scriptTests =
                new ScriptTests(pipeline.tests(), metadata.store().testPassRepository(), Clock.systemUTC());
        return new ApiServer(
                metadata.authenticator(),
                pipeline.audit(),
                List.of(
                        new HealthApi(readiness),
                        new StatementsApi(
                                sessions,
                                pipeline.pipeline(),
                                pipeline.validator(),
                                tracking.jobs(),
                                jobs,
                                scriptTests,
                                options.get(SluiceOptions.RESULTS_MAX_ROWS)),
                        new StatementTestsApi(pipeline.tests()),
                        new ScriptsApi(
                                metadata.store().scriptRepository(),
                                scriptTests,
                                options.get(SluiceOptions.SCRIPTS_MAX_PER_USER),
                                Clock.systemUTC()),
                        jobs,
                        new TablesApi(catalogs.sessionCatalogs()),
                        new FunctionsApi(
                                catalogs.functions(), tracking.jobs(), catalogs.policies(), meters.functions()),
                        new PolicyApi(catalogs.policies(), catalogs.tenantDirectory()),
                        new TenantsApi(catalogs.tenantDirectory(), metadata.authenticator(), sessions),
                        new AuditApi(pipeline.audit()),
                        new QuotaApi(pipeline.admission(), catalogs.tenantDirectory()),
                        new QueriesApi(sessions, metadata.store().quotaRepository()),
                        new HistoryApi(metadata.store().historyRepository()),
                        new ApprovalsApi(approvals),
                        new MetricsApi(meters.gateway(), refreshBeforeScrape())),
                options.get(SluiceOptions.API_MAX_BODY_SIZE).getBytes(),
                Path.of(options.get(SluiceOptions.CONSOLE_DIR)),
                meters.scrapeToken(),
                meters.requests(),
                tls);
    }

    /** What a scrape reads afresh: the per-tenant figures, and the counters of the functions in running jobs. */
    private Runnable refreshBeforeScrape() {
        TenantGauges tenantGauges = new TenantGauges(
                meters.gateway().registry(),
                new TenantFiguresSource(
                        catalogs.tenantDirectory(),
                        pipeline.tenants(),
                        metadata.store().jobRepository(),
                        metadata.store().approvalRepository(),
                        pipeline.admission(),
                        Clock.systemUTC()),
                meters.tenants());
        return () -> {
            tenantGauges.refresh();
            jobFunctions.refresh();
        };
    }
}
