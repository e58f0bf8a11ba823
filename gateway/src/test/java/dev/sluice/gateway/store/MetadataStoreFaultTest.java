package dev.sluice.gateway.store;

import dev.sluice.gateway.store.TenantRepository.TenantRecord;
import dev.sluice.gateway.testing.MetadataStoreFaults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's faults are told from a statement's, are seen until the store writes again, and heal without reopening
 * the store: a thread interrupted mid-write (as Flink interrupts a closed operation's) leaves the embedded database
 * open, a write refused by the database (a full disk) marks the store failing while reads go on, and a database closed
 * under the pool is opened again on the next calls with everything committed before.
 */
class MetadataStoreFaultTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @StoreTest
    void aThreadInterruptedDuringAWriteWritesAndTheStoreStaysOpen(MetadataStore store) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean keptItsInterrupt = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try (Connection connection = store.dataSource().getConnection();
                    PreparedStatement insert =
                            connection.prepareStatement("INSERT INTO tenant (name, created_at) VALUES (?, ?)")) {
                insert.setString(1, "interrupted");
                insert.setObject(2, T0.atOffset(ZoneOffset.UTC));
                Thread.currentThread().interrupt();
                insert.executeUpdate();
                keptItsInterrupt.set(Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        writer.join();

        assertThat(failure.get()).isNull();
        assertThat(keptItsInterrupt)
                .as("the writer can still see it was interrupted")
                .isTrue();
        assertThat(store.tenantRepository().exists("interrupted")).isTrue();
        store.tenantRepository().insert(new TenantRecord("after", T0));
        assertThat(store.tenantRepository().exists("after")).isTrue();
        assertThat(store.failingSince()).isEmpty();
    }

    @StoreTest
    void aRefusedWriteMarksTheStoreFailingUntilItWritesAgain(MetadataStore store, StoreConfig config) throws Exception {
        MetadataStoreFaults faults = new MetadataStoreFaults(
                () -> DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password()));
        store.tenantRepository().insert(new TenantRecord("acme", T0));
        faults.refuseWrites();

        assertThatThrownBy(() -> store.tenantRepository().insert(new TenantRecord("beta", T0)))
                .asInstanceOf(InstanceOfAssertFactories.type(StoreException.class))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.FAILURE))
                .satisfies(e -> assertThat(e.action()).contains("insert tenant 'beta'"));
        assertThat(store.failingSince()).isPresent();
        // Reads work, and do not count as the store working again: it still cannot write.
        assertThat(store.tenantRepository().exists("acme")).isTrue();
        assertThatThrownBy(() -> store.probe(TIMEOUT)).isInstanceOf(StoreException.class);
        assertThat(store.failingSince()).isPresent();

        faults.allowWrites();
        store.probe(TIMEOUT);

        assertThat(store.failingSince()).isEmpty();
        store.tenantRepository().insert(new TenantRecord("beta", T0));
        assertThat(store.tenantRepository().list())
                .extracting(TenantRecord::name)
                .contains("acme", "beta");
    }

    @StoreTest
    void aDuplicateIsTheStatementsFaultNotTheStores(MetadataStore store) {
        store.tenantRepository().insert(new TenantRecord("acme", T0));

        assertThatThrownBy(() -> store.tenantRepository().insert(new TenantRecord("acme", T0)))
                .asInstanceOf(InstanceOfAssertFactories.type(StoreException.class))
                .extracting(StoreException::reason)
                .isEqualTo(StoreException.Reason.ALREADY_EXISTS);
        assertThat(store.failingSince()).isEmpty();
        store.probe(TIMEOUT);
    }

    @Test
    void aClosedEmbeddedDatabaseIsOpenedAgainOnTheNextCallKeepingWhatWasCommitted(@TempDir Path dataDir)
            throws Exception {
        StoreConfig config = StoreConfig.embedded(dataDir, TIMEOUT);
        try (MetadataStore store = MetadataStore.open(config, new SimpleMeterRegistry())) {
            store.tenantRepository().insert(new TenantRecord("acme", T0));
            new MetadataStoreFaults(
                            () -> DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password()))
                    .closeEmbeddedStore();

            // The pool's connections are to the closed database: the first call fails, as the store's fault.
            assertThatThrownBy(() -> store.tenantRepository().exists("acme"))
                    .asInstanceOf(InstanceOfAssertFactories.type(StoreException.class))
                    .extracting(StoreException::reason)
                    .isEqualTo(StoreException.Reason.FAILURE);
            assertThat(store.failingSince()).isPresent();

            // The next one opens it again, with its rows.
            assertThat(store.tenantRepository().exists("acme")).isTrue();
            store.tenantRepository().insert(new TenantRecord("beta", T0));
            store.probe(TIMEOUT);
            assertThat(store.failingSince()).isEmpty();
        }
        try (MetadataStore reopened = MetadataStore.open(config, new SimpleMeterRegistry())) {
            assertThat(reopened.tenantRepository().list())
                    .extracting(TenantRecord::name)
                    .contains("acme", "beta");
        }
    }
}
