package dev.sluice.gateway.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.List;

import static dev.sluice.gateway.config.OptionRange.atLeast;
import static dev.sluice.gateway.config.OptionRange.between;

/**
 * Every option Sluice itself reads, with its default and what it is for. Options that are not Sluice's (for
 * example {@code parallelism.default} or {@code taskmanager.numberOfTaskSlots}) are passed on to Flink as they
 * are, so one configuration file serves both.
 */
public final class SluiceOptions {

    public static final ConfigOption<String> DATA_DIR = ConfigOptions.key("sluice.data-dir")
            .stringType()
            .defaultValue("./data")
            .withDescription("Directory for the embedded metadata store, checkpoints and savepoints.");

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("sluice.bind-address")
            .stringType()
            .defaultValue("127.0.0.1")
            .withDescription("Address the listeners (Sluice API, Flink-compatible endpoint, PostgreSQL) bind to.");

    public static final ConfigOption<Integer> API_PORT = ConfigOptions.key("sluice.api.port")
            .intType()
            .defaultValue(8080)
            .withDescription("Port of the Sluice API (/api/v1). 0 picks a free port.");

    public static final ConfigOption<Integer> FLINK_ENDPOINT_PORT = ConfigOptions.key("sluice.flink-endpoint.port")
            .intType()
            .defaultValue(8083)
            .withDescription("Port of the Flink-compatible SQL Gateway endpoint used by the Flink JDBC driver"
                    + " and SQL Client. 0 picks a free port.");

    public static final ConfigOption<String> TLS_KEY_STORE = ConfigOptions.key("sluice.tls.key-store")
            .stringType()
            .noDefaultValue()
            .withDescription("Key store (PKCS12, or JKS by its .jks extension) with the private key and certificate the"
                    + " Sluice API and the Flink-compatible endpoint serve. Set, both serve HTTPS only (plain HTTP"
                    + " is not served on their ports); unset, both serve plain HTTP. The PostgreSQL listener has"
                    + " its own (sluice.pg.tls.key-store).");

    public static final ConfigOption<String> TLS_KEY_STORE_PASSWORD_FILE = ConfigOptions.key(
                    "sluice.tls.key-store-password-file")
            .stringType()
            .noDefaultValue()
            .withDescription("File holding the password of sluice.tls.key-store (e.g. a mounted Kubernetes Secret);"
                    + " the key's password is the same.");

    public static final ConfigOption<Integer> PG_PORT = ConfigOptions.key("sluice.pg.port")
            .intType()
            .defaultValue(15432)
            .withDescription(
                    "Port of the PostgreSQL protocol listener (psql, psycopg, pandas, SQLAlchemy, pgjdbc, BI tools)."
                            + " 0 picks a free port.");

    public static final ConfigOption<String> PG_TLS_KEY_STORE = ConfigOptions.key("sluice.pg.tls.key-store")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "Key store (PKCS12, or JKS by its .jks extension) with the PostgreSQL listener's private key and"
                            + " certificate. Set, a client's SSLRequest is answered with TLS; unset, with 'N'.");

    public static final ConfigOption<String> PG_TLS_KEY_STORE_PASSWORD_FILE = ConfigOptions.key(
                    "sluice.pg.tls.key-store-password-file")
            .stringType()
            .noDefaultValue()
            .withDescription(
                    "File holding the password of sluice.pg.tls.key-store (e.g. a mounted Kubernetes Secret).");

    public static final ConfigOption<Boolean> PG_ALLOW_PASSWORD_WITHOUT_TLS = ConfigOptions.key(
                    "sluice.pg.allow-password-without-tls")
            .booleanType()
            .defaultValue(false)
            .withDescription(
                    "Accept a token (the PostgreSQL password) over a connection without TLS when sluice.bind-address"
                            + " is not a loopback address. On a loopback address it is always accepted, as the"
                            + " other listeners accept tokens over plain HTTP there; elsewhere a token must travel"
                            + " over TLS unless this is set (e.g. behind a proxy that terminates TLS).");

    public static final ConfigOption<Integer> PG_MAX_CONNECTIONS = ConfigOptions.key("sluice.pg.max-connections")
            .intType()
            .defaultValue(64)
            .withDescription(
                    "Connections the PostgreSQL listener holds at once, authenticated or not; one more is refused"
                            + " with 53300. Per tenant, each connection is a session: sluice.limits.max-sessions-per-tenant"
                            + " caps them.");

    public static final ConfigOption<MemorySize> PG_MAX_MESSAGE_SIZE = ConfigOptions.key("sluice.pg.max-message-size")
            .memoryType()
            .defaultValue(MemorySize.parse("4mb"))
            .withDescription(
                    "Largest message a PostgreSQL client may send (a statement, a Bind with its values); a larger"
                            + " one is refused with 54000 and the connection closed. A statement is also held to"
                            + " sluice.api.max-body-size, as on the other listeners.");

    public static final ConfigOption<Duration> PG_STARTUP_TIMEOUT = ConfigOptions.key("sluice.pg.startup-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription(
                    "Time a PostgreSQL client has from connecting to being authenticated; a connection still in"
                            + " its startup then is closed.");

    public static final ConfigOption<Duration> PG_CURSOR_FETCH_TIMEOUT = ConfigOptions.key(
                    "sluice.pg.cursor-fetch-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription(
                    "Longest FETCH n waits for a cursor's first row. It returns as soon as it has n rows, the query"
                            + " has ended, or some rows have come and no more are ready; after this time it returns"
                            + " no rows, and the client may fetch again.");

    public static final ConfigOption<MemorySize> API_MAX_BODY_SIZE = ConfigOptions.key("sluice.api.max-body-size")
            .memoryType()
            .defaultValue(MemorySize.parse("1mb"))
            .withDescription("Largest request body the Sluice API accepts; larger ones get 413.");

    public static final ConfigOption<MemorySize> FUNCTIONS_MAX_PAYLOAD_SIZE = ConfigOptions.key(
                    "sluice.functions.max-payload-size")
            .memoryType()
            .defaultValue(MemorySize.parse("8mb"))
            .withDescription("Largest jar, script or spec one function version may have; larger ones get 413. A jar"
                    + " travels base64-encoded, so sluice.api.max-body-size must be about 4/3 of it.");

    public static final ConfigOption<Integer> RESULTS_MAX_ROWS = ConfigOptions.key("sluice.results.max-rows-per-page")
            .intType()
            .defaultValue(1000)
            .withDescription("Most rows one results page of the Sluice API returns.");

    public static final ConfigOption<String> CONSOLE_DIR = ConfigOptions.key("sluice.console.dir")
            .stringType()
            .defaultValue("console/dist")
            .withDescription("Directory of the built web console, served at /; ./sluice start builds it there. When it"
                    + " is missing the API still runs and / answers 404 with a hint.");

    public static final ConfigOption<String> METADATA_URL = ConfigOptions.key("sluice.metadata.url")
            .stringType()
            .noDefaultValue()
            .withDescription("JDBC URL of the metadata store. Unset: an embedded H2 database under the data"
                    + " directory. jdbc:postgresql://... for PostgreSQL.");

    public static final ConfigOption<Duration> LEASE_DURATION = ConfigOptions.key("sluice.ha.lease-duration")
            .durationType()
            .defaultValue(Duration.ofSeconds(15))
            .withDescription(
                    "How long the job-tracking lease lasts unless renewed. Of the gateways sharing one metadata"
                            + " store (sluice.metadata.url), the lease holder reconciles and follows jobs; when it is killed,"
                            + " another takes the lease within this time plus one renewal interval. With the embedded"
                            + " store or the embedded cluster there is one gateway, which holds the lease without asking.");

    public static final ConfigOption<Duration> LEASE_RENEW_INTERVAL = ConfigOptions.key(
                    "sluice.ha.lease-renew-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How often each gateway renews its own row and the lease (if it holds it) or asks for"
                    + " it. Shorter than sluice.ha.lease-duration; a holder that cannot renew for the lease's"
                    + " duration less one interval stops tracking, before another may take over.");

    public static final ConfigOption<String> METADATA_USER = ConfigOptions.key("sluice.metadata.user")
            .stringType()
            .defaultValue("")
            .withDescription("User of the metadata store.");

    public static final ConfigOption<String> METADATA_PASSWORD = ConfigOptions.key("sluice.metadata.password")
            .stringType()
            .defaultValue("")
            .withDescription("Password of the metadata store.");

    public static final ConfigOption<String> METADATA_PASSWORD_FILE = ConfigOptions.key("sluice.metadata.password-file")
            .stringType()
            .noDefaultValue()
            .withDescription("File holding the metadata store's password (e.g. a mounted Kubernetes Secret), so the"
                    + " configuration file need not hold it. Set, it replaces sluice.metadata.password.");

    public static final ConfigOption<Integer> METADATA_POOL_SIZE = ConfigOptions.key("sluice.metadata.pool-size")
            .intType()
            .defaultValue(8)
            .withDescription("Connections kept open to the metadata store.");

    public static final ConfigOption<Duration> METADATA_CONNECTION_TIMEOUT = ConfigOptions.key(
                    "sluice.metadata.connection-timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(5))
            .withDescription("How long a call waits for a connection to the metadata store (the store away, or every"
                    + " connection busy) before it fails with 503 METADATA_STORE_UNAVAILABLE. At least"
                    + " 250 ms.");

    public static final ConfigOption<String> BOOTSTRAP_ADMIN_TOKEN_FILE = ConfigOptions.key(
                    "sluice.auth.bootstrap-admin-token-file")
            .stringType()
            .noDefaultValue()
            .withDescription("File holding the first admin token (at least 32 characters), e.g. a mounted Kubernetes"
                    + " Secret. Read on the first start only, when the metadata store has no token yet;"
                    + " later tokens are made through the API. Unset: the first start generates one and"
                    + " writes it to <data-dir>/admin.token.");

    public static final ConfigOption<String> METRICS_SCRAPE_TOKEN_FILE = ConfigOptions.key(
                    "sluice.metrics.scrape-token-file")
            .stringType()
            .noDefaultValue()
            .withDescription("File holding the token (at least 32 characters, e.g. a mounted Kubernetes Secret) a"
                    + " Prometheus server reads GET /metrics with, as 'Authorization: Bearer <token>'. It opens"
                    + " that route only. Unset: only admins' tokens read the metrics.");

    public static final ConfigOption<Integer> METRICS_MAX_TENANTS = ConfigOptions.key("sluice.metrics.max-tenants")
            .intType()
            .defaultValue(200)
            .withDescription("Tenants the metrics name one by one; the figures of tenants past that many are summed"
                    + " under tenant=\"_other\", so the number of series stays bounded.");

    public static final ConfigOption<Integer> METRICS_MAX_FUNCTIONS = ConfigOptions.key("sluice.metrics.max-functions")
            .intType()
            .defaultValue(500)
            .withDescription("Catalog functions the metrics name one by one (of all tenants together); calls of"
                    + " functions past that many are counted under function=\"_other\".");

    /** Where statements run: see {@link #FLINK_TARGET}. */
    public enum FlinkTarget {
        /** A Flink MiniCluster inside the gateway's JVM; its jobs end with the gateway. */
        EMBEDDED,
        /** An existing Flink session cluster of the same Flink version, reached through its REST API. */
        REMOTE
    }

    public static final ConfigOption<FlinkTarget> FLINK_TARGET = ConfigOptions.key("sluice.flink.target")
            .enumType(FlinkTarget.class)
            .defaultValue(FlinkTarget.EMBEDDED)
            .withDescription("Where statements run. embedded: a MiniCluster in the gateway's JVM (sluice.embedded.*)."
                    + " remote: an existing Flink session cluster at sluice.flink.rest-address and"
                    + " sluice.flink.rest-port (Flink's execution.target=remote); its jobs keep running"
                    + " while the gateway is down and are re-attached on the next start. Its"
                    + " TaskManagers need the connectors and Sluice's function runtime on their class"
                    + " path, and sluice.flink.state-dir must be shared with it.");

    public static final ConfigOption<String> FLINK_REST_ADDRESS = ConfigOptions.key("sluice.flink.rest-address")
            .stringType()
            .defaultValue("127.0.0.1")
            .withDescription("Host of the remote session cluster's REST endpoint (JobManager). Remote target only.");

    public static final ConfigOption<Integer> FLINK_REST_PORT = ConfigOptions.key("sluice.flink.rest-port")
            .intType()
            .defaultValue(8081)
            .withDescription("Port of the remote session cluster's REST endpoint (JobManager). Remote target only.");

    public static final ConfigOption<String> FLINK_STATE_DIR = ConfigOptions.key("sluice.flink.state-dir")
            .stringType()
            .noDefaultValue()
            .withDescription("Directory, as a Flink file system URI (file:///shared/sluice, s3://bucket/sluice), under"
                    + " which jobs write checkpoints (checkpoints/) and savepoints (savepoints/). The"
                    + " gateway reads them to resume jobs, so with the remote target the gateway, the"
                    + " JobManager and every TaskManager must reach it at the same URI. Unset: the data"
                    + " directory, which only an embedded cluster (or one on the same machine) shares."
                    + " Flink's execution.checkpointing.dir and execution.checkpointing.savepoint-dir,"
                    + " where set, win over it.");

    public static final ConfigOption<Integer> CLUSTER_TASK_SLOTS = ConfigOptions.key("sluice.embedded.task-slots")
            .intType()
            .defaultValue(8)
            .withDescription("Task slots of the embedded Flink MiniCluster.");

    public static final ConfigOption<Duration> QUERY_UNREAD_TIMEOUT = ConfigOptions.key("sluice.queries.unread-timeout")
            .durationType()
            .defaultValue(Duration.ofMinutes(2))
            .withDescription(
                    "How long a query's results may go unread before the query is cancelled, on every listener (no"
                            + " next page asked for on /api/v1 or the Flink-compatible endpoint, no rows taken by a"
                            + " PostgreSQL client): its job, task slots and place in the tenant's query count are"
                            + " freed, and its client's next read fails with QUERY_CANCELLED saying why.");

    public static final ConfigOption<Duration> JOB_POLL_INTERVAL = ConfigOptions.key("sluice.jobs.poll-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription("How often job records are brought up to date with the cluster.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key(
                    "sluice.jobs.checkpoint-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often jobs (INSERT, STATEMENT SET) take a checkpoint, unless their session sets"
                    + " execution.checkpointing.interval. Checkpoints are retained when a job is canceled or"
                    + " the gateway stops, so a job can be resumed from its latest one after a crash."
                    + " Queries do not checkpoint unless their session says so: with checkpoints, Flink"
                    + " hands a query's rows to the client only when one completes.");

    public static final ConfigOption<Integer> JOB_RESTART_ATTEMPTS = ConfigOptions.key(
                    "sluice.jobs.restart.max-attempts")
            .intType()
            .defaultValue(5)
            .withDescription("Restarts a failing job gets, with exponentially growing delays, before it ends FAILED"
                    + " with its root cause as the job's status message; counted again from zero once the job has"
                    + " run sluice.jobs.restart.reset-after without failing. 0: a failure ends the job. Flink's"
                    + " restart-strategy.type in the configuration, where set, replaces this default.");

    public static final ConfigOption<Duration> JOB_RESTART_INITIAL_DELAY = ConfigOptions.key(
                    "sluice.jobs.restart.initial-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Delay before a failing job's first restart; each further delay is twice the one"
                    + " before, up to sluice.jobs.restart.max-delay.");

    public static final ConfigOption<Duration> JOB_RESTART_MAX_DELAY = ConfigOptions.key(
                    "sluice.jobs.restart.max-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("Longest delay between a failing job's restarts.");

    public static final ConfigOption<Duration> JOB_RESTART_RESET_AFTER = ConfigOptions.key(
                    "sluice.jobs.restart.reset-after")
            .durationType()
            .defaultValue(Duration.ofHours(1))
            .withDescription("How long a restarted job must run without failing before its restarts count from zero"
                    + " again. A session may set restart-strategy.exponential-delay.reset-backoff-threshold no"
                    + " shorter, unless sluice.policy.allow-unbounded-restarts is set.");

    public static final ConfigOption<Duration> VALIDATION_TIMEOUT = ConfigOptions.key("sluice.validation.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(10))
            .withDescription("Longest a script's validation may take before it is answered with VALIDATION_TIMEOUT.");

    public static final ConfigOption<Integer> VALIDATION_PARALLELISM = ConfigOptions.key(
                    "sluice.validation.parallelism")
            .intType()
            .defaultValue(4)
            .withDescription("Scripts validated at once; more wait their turn.");

    public static final ConfigOption<Integer> VALIDATION_QUEUE_SIZE = ConfigOptions.key("sluice.validation.queue-size")
            .intType()
            .defaultValue(128)
            .withDescription("Validations that may wait for one of the sluice.validation.parallelism workers; more are"
                    + " refused at once with VALIDATION_QUEUE_FULL (503) instead of being answered after their"
                    + " caller gave up.");

    public static final ConfigOption<Integer> VALIDATION_QUEUE_SIZE_PER_TENANT = ConfigOptions.key(
                    "sluice.validation.queue-size-per-tenant")
            .intType()
            .defaultValue(64)
            .withDescription("Of the sluice.validation.queue-size places, how many one tenant's validations may hold;"
                    + " more are refused with TENANT_LIMIT_REACHED (429), so one tenant's flood leaves the others"
                    + " room.");

    public static final ConfigOption<Integer> VALIDATION_LINT_THREADS = ConfigOptions.key(
                    "sluice.validation.lint-threads")
            .intType()
            .defaultValue(1)
            .withDescription("Threads that plan and lint the statements of a validation answered without lints"
                    + " (`?lints=false`), apart from those that answer errors, so that no analyst's errors wait"
                    + " behind another's lints; a newer keystroke in the same script gives up lints not yet started.");

    public static final ConfigOption<Integer> VALIDATION_CACHE_SIZE = ConfigOptions.key("sluice.validation.cache-size")
            .intType()
            .defaultValue(20_000)
            .withDescription("Statements whose validation findings are kept, so that a script validated again as its"
                    + " author types is validated only in the statements that changed; 0 keeps none. A finding is a"
                    + " few hundred bytes.");

    public static final ConfigOption<Integer> VALIDATION_WARM_SESSIONS = ConfigOptions.key(
                    "sluice.validation.warm-sessions")
            .intType()
            .defaultValue(64)
            .withDescription(
                    "Scratch sessions kept after a validation with the script's DDL applied, so that validating"
                            + " the script again (one statement changed) starts from one instead of opening a session and"
                            + " applying its DDL again; 0 keeps none.");

    public static final ConfigOption<Integer> STATEMENT_TESTS_MAX_ROWS = ConfigOptions.key(
                    "sluice.statement-tests.max-rows")
            .intType()
            .defaultValue(10_000)
            .withDescription("Input rows a statement test may give (all its tables together), and result rows it may"
                    + " produce; a test over it is refused (input) or fails (result).");

    public static final ConfigOption<Duration> STATEMENT_TESTS_TIMEOUT = ConfigOptions.key(
                    "sluice.statement-tests.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(60))
            .withDescription("Longest a statement test may take, validation and its job together; its job is"
                    + " cancelled then and the test fails with STATEMENT_TEST_TIMEOUT.");

    public static final ConfigOption<Integer> STATEMENT_TESTS_PARALLELISM = ConfigOptions.key(
                    "sluice.statement-tests.parallelism")
            .intType()
            .defaultValue(2)
            .withDescription("Statement tests run at once on the gateway; more wait their turn. Each also counts as"
                    + " one of its tenant's queries while its job runs.");

    public static final ConfigOption<Integer> SCRIPTS_MAX_PER_USER = ConfigOptions.key("sluice.scripts.max-per-user")
            .intType()
            .defaultValue(200)
            .withDescription("Saved scripts one user may keep (a user is a token's name in its tenant); saving one"
                    + " more is refused with TENANT_LIMIT_REACHED. A script with its test cases is at most"
                    + " sluice.api.max-body-size.");

    public static final ConfigOption<Integer> HISTORY_MAX_PER_USER = ConfigOptions.key("sluice.history.max-per-user")
            .intType()
            .defaultValue(500)
            .withDescription(
                    "Entries of one user's statement history the gateway keeps (a user is a token's name in its"
                            + " tenant): every statement run on any listener is one; the oldest are dropped as new ones come.");

    public static final ConfigOption<Integer> QUOTA_MAX_JOBS = ConfigOptions.key("sluice.quota.default.max-jobs")
            .intType()
            .defaultValue(20)
            .withDescription("Default quota: jobs a tenant may run at once, for tenants without a quota of their own.");

    public static final ConfigOption<Integer> QUOTA_MAX_TASK_SLOTS = ConfigOptions.key(
                    "sluice.quota.default.max-task-slots")
            .intType()
            .defaultValue(32)
            .withDescription("Default quota: task slots a tenant's running jobs may hold together.");

    public static final ConfigOption<Double> QUOTA_MAX_CPU_CORES = ConfigOptions.key(
                    "sluice.quota.default.max-cpu-cores")
            .doubleType()
            .defaultValue(32.0)
            .withDescription("Default quota: CPU cores a tenant's running jobs may use together.");

    public static final ConfigOption<MemorySize> QUOTA_MAX_MEMORY = ConfigOptions.key("sluice.quota.default.max-memory")
            .memoryType()
            .defaultValue(MemorySize.parse("64gb"))
            .withDescription("Default quota: memory (heap and managed) a tenant's running jobs may use together.");

    public static final ConfigOption<MemorySize> QUOTA_MAX_STATE = ConfigOptions.key("sluice.quota.default.max-state")
            .memoryType()
            .defaultValue(MemorySize.parse("1tb"))
            .withDescription("Default quota: state a tenant's running jobs may keep together.");

    public static final ConfigOption<MemorySize> ADMISSION_MEMORY_PER_SLOT = ConfigOptions.key(
                    "sluice.admission.memory-per-slot")
            .memoryType()
            .defaultValue(MemorySize.parse("1gb"))
            .withDescription("Memory a job is assumed to take per task slot when admitted without an estimate.");

    public static final ConfigOption<MemorySize> ADMISSION_STATE_PER_JOB = ConfigOptions.key(
                    "sluice.admission.state-per-job")
            .memoryType()
            .defaultValue(MemorySize.parse("1gb"))
            .withDescription("State a job is assumed to keep when admitted without an estimate.");

    public static final ConfigOption<Integer> ADMISSION_CLUSTER_TASK_SLOTS = ConfigOptions.key(
                    "sluice.admission.cluster-task-slots")
            .intType()
            .noDefaultValue()
            .withDescription("Task slots admission counts the cluster as having. Unset: the slots the cluster reports"
                    + " (the embedded cluster's, a standalone session cluster's), and a job or query"
                    + " gets no more than the cluster reports free. Set it for a cluster that starts"
                    + " TaskManagers on demand (a native Kubernetes session cluster, as the Helm chart's"
                    + " operator mode deploys), which reports no slots while idle: the most slots it"
                    + " can grow to. Either way a job or query whose slots are not free is refused"
                    + " with CLUSTER_FULL instead of waiting unscheduled.");

    public static final ConfigOption<Integer> LIMITS_MAX_QUERIES_PER_TENANT = ConfigOptions.key(
                    "sluice.limits.max-queries-per-tenant")
            .intType()
            .defaultValue(10)
            .withDescription("Queries (SELECT) one tenant may run at once, on both listeners together; more are refused"
                    + " with TENANT_LIMIT_REACHED. A query runs until its rows have all been produced,"
                    + " its results or its session are closed, or the gateway stops.");

    public static final ConfigOption<Integer> LIMITS_MAX_PENDING_APPROVALS_PER_TENANT = ConfigOptions.key(
                    "sluice.limits.max-pending-approvals-per-tenant")
            .intType()
            .defaultValue(10)
            .withDescription("Approval requests of one tenant that may wait for an admin at once; a job over quota"
                    + " beyond them is refused with TENANT_LIMIT_REACHED instead of held.");

    public static final ConfigOption<Duration> HEALTH_TIMEOUT = ConfigOptions.key("sluice.health.timeout")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription("How long GET /healthz/ready waits for the metadata store and the Flink cluster to answer"
                    + " before it calls one not ready (503). Keep it below the probe's own timeout.");

    public static final ConfigOption<String> ESTIMATE_PROFILE = ConfigOptions.key("sluice.estimate.profile")
            .stringType()
            .defaultValue("default")
            .withDescription("Cost profile the resource estimator uses: <data-dir>/profiles/<name>.json, written by"
                    + " ./sluice calibrate --name <name>. \"default\" without such a file is the"
                    + " profile that ships with Sluice.");

    public static final ConfigOption<Duration> ESTIMATE_CORRECTION_MIN_RUNTIME = ConfigOptions.key(
                    "sluice.estimate.correction.min-runtime")
            .durationType()
            .defaultValue(Duration.ofMinutes(5))
            .withDescription("How long a job must have run before Sluice corrects its estimate from what Flink measured"
                    + " (busy time, checkpointed state); the correction is taken again each time this long has passed."
                    + " Admission uses it when the job is resumed, or when its tenant submits the same statement"
                    + " again at the same parallelism.");

    public static final ConfigOption<Duration> POLICY_MIN_CHECKPOINT_INTERVAL = ConfigOptions.key(
                    "sluice.policy.min-checkpoint-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription(
                    "Shortest execution.checkpointing.interval a session may set: every tenant's checkpoints share"
                            + " the gateway's state storage.");

    public static final ConfigOption<Duration> POLICY_MIN_RESTART_DELAY = ConfigOptions.key(
                    "sluice.policy.min-restart-delay")
            .durationType()
            .defaultValue(Duration.ofSeconds(1))
            .withDescription("Shortest delay between a failing job's restarts a session may set (restart-strategy's"
                    + " fixed and failure-rate delays, exponential initial and max backoff), so a failing"
                    + " job cannot spin.");

    public static final ConfigOption<Integer> POLICY_MAX_RESTART_ATTEMPTS = ConfigOptions.key(
                    "sluice.policy.max-restart-attempts")
            .intType()
            .defaultValue(10)
            .withDescription("Most restarts a session may give its jobs (restart-strategy.fixed-delay.attempts,"
                    + " .exponential-delay.attempts-before-reset-backoff, .failure-rate.max-failures-per-interval),"
                    + " so that a job failing on a poison record ends FAILED instead of restarting forever.");

    public static final ConfigOption<Boolean> POLICY_ALLOW_UNBOUNDED_RESTARTS = ConfigOptions.key(
                    "sluice.policy.allow-unbounded-restarts")
            .booleanType()
            .defaultValue(false)
            .withDescription("Let sessions choose restarts without a bound: any number of attempts, any"
                    + " reset-backoff-threshold, and the failure-rate strategy (which bounds restarts per"
                    + " interval, never in all).");

    public static final ConfigOption<Integer> MAX_SESSIONS_PER_TENANT = ConfigOptions.key(
                    "sluice.limits.max-sessions-per-tenant")
            .intType()
            .defaultValue(100)
            .withDescription(
                    "Sessions a tenant may have open at once, on both listeners together; one more is refused with"
                            + " TENANT_LIMIT_REACHED (429). Idle sessions close by themselves (Flink's"
                            + " sql-gateway.session.idle-timeout, 10 min by default).");

    public static final ConfigOption<Duration> REVOCATION_SWEEP_INTERVAL = ConfigOptions.key(
                    "sluice.auth.revocation-sweep-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(2))
            .withDescription(
                    "How often the tokens of open sessions are checked, so that a token revoked through another"
                            + " gateway on the same metadata store has its sessions closed (its queries cancelled)"
                            + " here too. A token revoked through this gateway closes them at once.");

    /** Options under this prefix are a session's own: a client sets them, and no policy protects them. */
    public static final String SESSION_OPTIONS_PREFIX = "sluice.session.";

    public static final ConfigOption<Boolean> LINT_WARNINGS_AS_ERRORS = ConfigOptions.key(
                    SESSION_OPTIONS_PREFIX + "lint-warnings-as-errors")
            .booleanType()
            .defaultValue(false)
            .withDescription(
                    "Session setting: refuse a statement that has lint warnings, with the first one as the error."
                            + " For clients that cannot see warnings, such as the Flink JDBC driver.");

    /** The smallest size limit: zero bytes would refuse everything. */
    private static final MemorySize ONE_BYTE = new MemorySize(1);

    /** The shortest interval or timeout: zero would spin, or time out at once. */
    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);

    /**
     * The values every numeric option may take, checked when the gateway starts (SluiceServer): a new numeric option
     * gets its range here, and SluiceOptionsTest fails for one without.
     */
    public static final List<OptionRange<?>> RANGES = List.of(
            between(API_PORT, 0, 65535),
            between(FLINK_ENDPOINT_PORT, 0, 65535),
            between(PG_PORT, 0, 65535),
            atLeast(PG_MAX_CONNECTIONS, 1),
            atLeast(PG_MAX_MESSAGE_SIZE, ONE_BYTE),
            atLeast(PG_STARTUP_TIMEOUT, ONE_MILLISECOND),
            atLeast(PG_CURSOR_FETCH_TIMEOUT, ONE_MILLISECOND),
            atLeast(API_MAX_BODY_SIZE, ONE_BYTE),
            atLeast(FUNCTIONS_MAX_PAYLOAD_SIZE, ONE_BYTE),
            atLeast(RESULTS_MAX_ROWS, 1),
            atLeast(METADATA_POOL_SIZE, 1),
            atLeast(LEASE_DURATION, Duration.ofMillis(100)),
            atLeast(LEASE_RENEW_INTERVAL, Duration.ofMillis(10)),
            // HikariCP waits no less (StoreConfig holds the store to it too).
            atLeast(METADATA_CONNECTION_TIMEOUT, Duration.ofMillis(250)),
            // The remote cluster listens on a port of its own: 0 picks nothing there.
            between(FLINK_REST_PORT, 1, 65535),
            atLeast(CLUSTER_TASK_SLOTS, 1),
            atLeast(JOB_POLL_INTERVAL, ONE_MILLISECOND),
            atLeast(ESTIMATE_CORRECTION_MIN_RUNTIME, ONE_MILLISECOND),
            // Shorter, a query would be cancelled between two pages of a reader that keeps up.
            atLeast(QUERY_UNREAD_TIMEOUT, Duration.ofSeconds(1)),
            // Flink refuses a job's checkpoint interval below 10 ms.
            atLeast(CHECKPOINT_INTERVAL, Duration.ofMillis(10)),
            atLeast(VALIDATION_TIMEOUT, ONE_MILLISECOND),
            atLeast(VALIDATION_PARALLELISM, 1),
            atLeast(VALIDATION_QUEUE_SIZE, 1),
            atLeast(VALIDATION_QUEUE_SIZE_PER_TENANT, 1),
            atLeast(VALIDATION_CACHE_SIZE, 0),
            atLeast(VALIDATION_WARM_SESSIONS, 0),
            atLeast(VALIDATION_LINT_THREADS, 1),
            atLeast(STATEMENT_TESTS_MAX_ROWS, 1),
            atLeast(STATEMENT_TESTS_TIMEOUT, ONE_MILLISECOND),
            atLeast(STATEMENT_TESTS_PARALLELISM, 1),
            atLeast(SCRIPTS_MAX_PER_USER, 1),
            atLeast(HISTORY_MAX_PER_USER, 1),
            // A default quota of zero is a policy: every job of a tenant without a quota of its own waits for approval.
            atLeast(QUOTA_MAX_JOBS, 0),
            atLeast(QUOTA_MAX_TASK_SLOTS, 0),
            atLeast(QUOTA_MAX_CPU_CORES, 0.0),
            atLeast(QUOTA_MAX_MEMORY, MemorySize.ZERO),
            atLeast(QUOTA_MAX_STATE, MemorySize.ZERO),
            // Jobs admitted without an estimate are guessed on the high side: some memory per slot, possibly no state.
            atLeast(ADMISSION_MEMORY_PER_SLOT, ONE_BYTE),
            atLeast(ADMISSION_STATE_PER_JOB, MemorySize.ZERO),
            atLeast(ADMISSION_CLUSTER_TASK_SLOTS, 1),
            // Zero is a policy: no queries at all, or no job held for approval (refused instead).
            atLeast(LIMITS_MAX_QUERIES_PER_TENANT, 0),
            atLeast(LIMITS_MAX_PENDING_APPROVALS_PER_TENANT, 0),
            atLeast(HEALTH_TIMEOUT, ONE_MILLISECOND),
            atLeast(METRICS_MAX_TENANTS, 1),
            atLeast(METRICS_MAX_FUNCTIONS, 1),
            // Zero lets sessions choose anything Flink accepts.
            atLeast(POLICY_MIN_CHECKPOINT_INTERVAL, Duration.ZERO),
            atLeast(POLICY_MIN_RESTART_DELAY, Duration.ZERO),
            atLeast(POLICY_MAX_RESTART_ATTEMPTS, 0),
            // Zero restarts is a choice (a failure ends the job); a zero delay would spin.
            atLeast(JOB_RESTART_ATTEMPTS, 0),
            atLeast(JOB_RESTART_INITIAL_DELAY, ONE_MILLISECOND),
            atLeast(JOB_RESTART_MAX_DELAY, ONE_MILLISECOND),
            atLeast(JOB_RESTART_RESET_AFTER, ONE_MILLISECOND),
            atLeast(MAX_SESSIONS_PER_TENANT, 1),
            atLeast(REVOCATION_SWEEP_INTERVAL, ONE_MILLISECOND));

    /** Refuses options out of their {@link #RANGES}, naming each with its value and range. */
    public static void checkRanges(Configuration options) {
        OptionRange.check(RANGES, options);
    }

    private SluiceOptions() {}
}
