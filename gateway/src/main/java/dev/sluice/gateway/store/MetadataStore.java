package dev.sluice.gateway.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's durable metadata: a connection pool on H2 or PostgreSQL whose schema is migrated on open, and the
 * repositories over it. Closing it closes the pool.
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);

    private final HikariDataSource dataSource;
    private final CatalogRepository catalogRepository;
    private final JobRepository jobRepository;
    private final TokenRepository tokenRepository;
    private final PolicyRepository policyRepository;

    private MetadataStore(HikariDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.catalogRepository = new CatalogRepository(dataSource);
        this.jobRepository = new JobRepository(dataSource, clock);
        this.tokenRepository = new TokenRepository(dataSource);
        this.policyRepository = new PolicyRepository(dataSource, clock);
    }

    /** Connects and brings the schema up to date; fails, leaving nothing open, if either is impossible. */
    public static MetadataStore open(StoreConfig config) {
        requireNonNull(config, "config is null");
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikariConfig(config));
        } catch (RuntimeException e) {
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
            return new MetadataStore(dataSource, Clock.systemUTC());
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException(StoreException.Reason.FAILURE, "Cannot migrate metadata store " + config, e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public CatalogRepository catalogRepository() {
        return catalogRepository;
    }

    public JobRepository jobRepository() {
        return jobRepository;
    }

    public TokenRepository tokenRepository() {
        return tokenRepository;
    }

    public PolicyRepository policyRepository() {
        return policyRepository;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariConfig hikariConfig(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sluice-metadata");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        return hikari;
    }
}
