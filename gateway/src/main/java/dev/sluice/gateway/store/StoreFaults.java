package dev.sluice.gateway.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The metadata store's own faults, told apart from a statement's: the store is away, closed, full or read-only, as
 * against a duplicate key or a value too long. The pool asks it about every {@link SQLException} a pooled connection
 * throws (it is the pool's {@link SQLExceptionOverride}), so the catalog of functions, which uses the pool directly,
 * is covered too.
 *
 * <p>A fault drops every connection of the pool, idle ones at once and busy ones when they are returned, so the next
 * call opens a fresh one: PostgreSQL is reconnected, and an embedded H2 database that closed itself (H2 does so when a
 * write to its file fails) is opened again from its file, which H2 does only once no connection to the closed one is
 * left. The first fault not yet overcome is kept for {@link MetadataStore#probe}, which clears it once the store
 * writes again.
 */
final class StoreFaults implements SQLExceptionOverride {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFaults.class);

    /**
     * SQLSTATE classes that blame the statement, not the store: cardinality (21), data (22), integrity constraints
     * (23), transaction rollback such as a serialization failure (40), syntax and access rules (42), check option
     * (44). Everything else, a missing SQLSTATE included, is the store's fault: connection (08), insufficient
     * resources such as a full disk (53), operator intervention (57), system errors (58), a read-only transaction
     * (25006), PostgreSQL's internal errors (XX), H2's general error (HY000) and own codes (90xxx: database closed,
     * file in use, I/O).
     */
    private static final Set<String> STATEMENT_CLASSES = Set.of("21", "22", "23", "40", "42", "44");

    /** The store has failed since {@code since}; a new object for every fault, so that a probe clears only its own. */
    record Fault(Instant since) {}

    private final HikariDataSource pool;
    private final Clock clock;
    private final Counter storeErrors;
    private final Counter statementErrors;
    private final AtomicReference<Fault> unresolved = new AtomicReference<>();

    /** @param metrics where the errors are counted, the store's and the statements' apart */
    StoreFaults(HikariDataSource pool, Clock clock, MeterRegistry metrics) {
        this.pool = requireNonNull(pool, "pool is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.storeErrors = errors(metrics, "store");
        this.statementErrors = errors(metrics, "statement");
    }

    private static Counter errors(MeterRegistry metrics, String blame) {
        return Counter.builder("sluice.metadata.store.errors")
                .description("Errors of the metadata store's statements: blame=store for the store's faults (away,"
                        + " full, read-only), blame=statement for a statement's (a duplicate key, say)")
                .tag("blame", blame)
                .register(metrics);
    }

    // Spelled out: inside this class, Override is the interface's enum.
    @java.lang.Override
    public Override adjudicate(SQLException failure) {
        if (!isFault(failure)) {
            statementErrors.increment();
            return Override.DO_NOT_EVICT;
        }
        storeErrors.increment();
        Instant now = clock.instant();
        Fault previous = unresolved.getAndUpdate(fault -> new Fault(fault == null ? now : fault.since()));
        if (previous == null) {
            LOG.warn(
                    "The metadata store failed (SQLSTATE {}); calls that need it answer 503 METADATA_STORE_UNAVAILABLE"
                            + " until it works again, on connections opened anew",
                    failure.getSQLState(),
                    failure);
        }
        // Null before the pool has started, when there is nothing to drop.
        HikariPoolMXBean connections = pool.getHikariPoolMXBean();
        if (connections != null) {
            connections.softEvictConnections();
        }
        return Override.MUST_EVICT;
    }

    /** The fault not yet overcome, if any. */
    Optional<Fault> unresolved() {
        return Optional.ofNullable(unresolved.get());
    }

    /** The store worked again after {@code fault}; unless a newer fault came meanwhile, it is overcome. */
    void resolved(Fault fault) {
        if (unresolved.compareAndSet(fault, null)) {
            LOG.info("The metadata store works again, after failing since {}", fault.since());
        }
    }

    static boolean isFault(SQLException failure) {
        String state = failure.getSQLState();
        return state == null || state.length() < 2 || !STATEMENT_CLASSES.contains(state.substring(0, 2));
    }
}
