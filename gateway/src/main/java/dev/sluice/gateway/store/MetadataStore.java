package dev.sluice.gateway.store;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's durable metadata: a connection pool on H2 or PostgreSQL whose schema is migrated on open, and the
 * repositories over it. When the store fails, the pool drops its connections and opens new ones on the next call, so
 * the gateway recovers without a restart; {@link #probe} says whether it works again. Closing it closes the pool.
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private final HikariDataSource dataSource;
    private final StoreFaults faults;
    private final Jdbc jdbc;
    private final Clock clock;
    private final CatalogRepository catalogRepository;
    private final CatalogVersion catalogVersion;
    private final JobRepository jobRepository;
    private final JobEstimateRepository jobEstimateRepository;
    private final EstimateCorrectionRepository estimateCorrectionRepository;
    private final TokenRepository tokenRepository;
    private final PolicyRepository policyRepository;
    private final QuotaRepository quotaRepository;
    private final ApprovalRepository approvalRepository;
    private final TenantRepository tenantRepository;
    private final AuditRepository auditRepository;
    private final LeaseRepository leaseRepository;
    private final ScriptRepository scriptRepository;
    private final HistoryRepository historyRepository;
    private final TestPassRepository testPassRepository;

    private MetadataStore(HikariDataSource dataSource, StoreFaults faults, Clock clock, String gatewayId) {
        this.dataSource = dataSource;
        this.faults = faults;
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
        this.catalogRepository = new CatalogRepository(dataSource);
        this.catalogVersion = new CatalogVersion(dataSource);
        this.jobRepository = new JobRepository(dataSource, clock);
        this.jobEstimateRepository = new JobEstimateRepository(dataSource, clock);
        this.estimateCorrectionRepository = new EstimateCorrectionRepository(dataSource);
        this.tokenRepository = new TokenRepository(dataSource);
        this.policyRepository = new PolicyRepository(dataSource, clock);
        this.quotaRepository = new QuotaRepository(dataSource, clock, gatewayId);
        this.approvalRepository = new ApprovalRepository(dataSource, gatewayId);
        this.tenantRepository = new TenantRepository(dataSource);
        this.auditRepository = new AuditRepository(dataSource);
        this.leaseRepository = new LeaseRepository(dataSource, gatewayId);
        this.scriptRepository = new ScriptRepository(dataSource);
        this.historyRepository = new HistoryRepository(dataSource);
        this.testPassRepository = new TestPassRepository(dataSource);
    }

    /**
     * Connects and brings the schema up to date; fails, leaving nothing open, if either is impossible.
     *
     * @param metrics where the pool reports how long connections are waited for and held (each a store call) and
     *     where errors are counted
     */
    public static MetadataStore open(StoreConfig config, MeterRegistry metrics) {
        requireNonNull(config, "config is null");
        requireNonNull(metrics, "metrics is null");
        Clock clock = Clock.systemUTC();
        // Configured before it starts, because the pool's fault handler needs the pool; the first connection starts it.
        HikariDataSource dataSource = pool(config);
        dataSource.setMetricRegistry(metrics);
        StoreFaults faults = new StoreFaults(dataSource, clock, metrics);
        dataSource.setExceptionOverride(faults);
        try {
            dataSource.getConnection().close();
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new StoreException(StoreException.Reason.FAILURE, "Cannot connect to metadata store " + config, e);
        }
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    // The UDF catalog (udf-catalog module) keeps its own migrations, V10 and up, beside its code.
                    .locations("classpath:db/migration", "classpath:db/udf-catalog")
                    .load()
                    .migrate();
            LOG.info("Opened metadata store {} at schema version {}", config, result.targetSchemaVersion);
            // This process's name among the gateways sharing the store: new at every start, so a restarted gateway
            // is a new one and what the old one left is taken over like any dead gateway's.
            return new MetadataStore(
                    dataSource, faults, clock, UUID.randomUUID().toString());
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException(StoreException.Reason.FAILURE, "Cannot migrate metadata store " + config, e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Since when the store has failed, if a read or write failed for the store's fault and it has not worked since. */
    public Optional<Instant> failingSince() {
        return faults.unresolved().map(StoreFaults.Fault::since);
    }

    /**
     * Whether the store works, for readiness. After a fault, only a write shows that it works again (a store may answer
     * queries and still refuse writes, on a full disk say): a row of its own is written, and the fault is overcome.
     * Otherwise a pooled connection must be valid.
     *
     * @throws StoreException if it does not work
     */
    public void probe(Duration timeout) {
        Optional<StoreFaults.Fault> fault = faults.unresolved();
        if (fault.isPresent()) {
            jdbc.updateOrInsert(
                    "write its probe row",
                    "UPDATE store_probe SET written_at = ? WHERE id = ?",
                    "INSERT INTO store_probe (written_at, id) VALUES (?, ?)",
                    clock.instant(),
                    1);
            faults.resolved(fault.get());
            return;
        }
        int seconds = (int) Math.max(1, timeout.toSeconds());
        jdbc.withConnection("check a connection", connection -> {
            if (!connection.isValid(seconds)) {
                throw new SQLException("The pool gave a connection that is no longer valid", "08003");
            }
            return null;
        });
    }

    public CatalogRepository catalogRepository() {
        return catalogRepository;
    }

    public CatalogVersion catalogVersion() {
        return catalogVersion;
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }

    public JobEstimateRepository jobEstimateRepository() {
        return jobEstimateRepository;
    }

    public EstimateCorrectionRepository estimateCorrectionRepository() {
        return estimateCorrectionRepository;
    }

    public TokenRepository tokenRepository() {
        return tokenRepository;
    }

    public PolicyRepository policyRepository() {
        return policyRepository;
    }

    public QuotaRepository quotaRepository() {
        return quotaRepository;
    }

    public ApprovalRepository approvalRepository() {
        return approvalRepository;
    }

    public TenantRepository tenantRepository() {
        return tenantRepository;
    }

    public AuditRepository auditRepository() {
        return auditRepository;
    }

    public LeaseRepository leaseRepository() {
        return leaseRepository;
    }

    public ScriptRepository scriptRepository() {
        return scriptRepository;
    }

    public HistoryRepository historyRepository() {
        return historyRepository;
    }

    public TestPassRepository testPassRepository() {
        return testPassRepository;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariDataSource pool(StoreConfig config) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("sluice-metadata");
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setUsername(config.user());
        pool.setPassword(config.password());
        pool.setMaximumPoolSize(config.maximumPoolSize());
        pool.setConnectionTimeout(config.connectionTimeout().toMillis());
        // Checking a connection must not take longer than waiting for one (HikariCP's default is 5 s).
        pool.setValidationTimeout(
                Math.min(pool.getValidationTimeout(), config.connectionTimeout().toMillis()));
        return pool;
    }
}
