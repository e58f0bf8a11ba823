package dev.sluice.gateway.store;

import dev.sluice.gateway.store.TenantRepository.TenantRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static dev.sluice.gateway.store.CatalogRepositoryTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

class TenantAndTokenRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456Z");

    private static TokenRecord token(String id, String tenant, String hash, Instant createdAt) {
        return new TokenRecord(id, tenant, "nb-" + id, hash, "ANALYST", createdAt, null);
    }

    @StoreTest
    void tenantDefaultExistsFromTheStart(MetadataStore store) {
        assertThat(store.tenantRepository().exists("default")).isTrue();
        assertThat(store.tenantRepository().list())
                .extracting(TenantRecord::name)
                .containsExactly("default");
    }

    @StoreTest
    void aTenantIsCreatedOnce(MetadataStore store) {
        TenantRepository tenants = store.tenantRepository();
        tenants.insert(new TenantRecord("acme", T0));

        assertReason(
                () -> tenants.insert(new TenantRecord("acme", T0.plusSeconds(1))),
                StoreException.Reason.ALREADY_EXISTS);
        assertThat(tenants.list()).extracting(TenantRecord::name).containsExactly("acme", "default");
        assertThat(tenants.list().get(0)).isEqualTo(new TenantRecord("acme", T0));
        assertThat(tenants.exists("acme' OR '1' = '1")).isFalse();
    }

    @StoreTest
    void aTokenBelongsToAnExistingTenant(MetadataStore store) {
        TokenRepository tokens = store.tokenRepository();
        assertReason(() -> tokens.insert(token("t1", "nobody", "h1", T0)), StoreException.Reason.BROKEN_REFERENCE);

        store.tenantRepository().insert(new TenantRecord("acme", T0));
        TokenRecord token = token("t1", "acme", "h1", T0);
        tokens.insert(token);

        assertThat(tokens.find("t1")).contains(token);
        assertThat(tokens.findByHash("h1")).contains(token);
        assertReason(() -> tokens.insert(token("t2", "acme", "h1", T0)), StoreException.Reason.ALREADY_EXISTS);
    }

    @StoreTest
    void listsATenantsTokensOldestFirst(MetadataStore store) {
        store.tenantRepository().insert(new TenantRecord("acme", T0));
        store.tenantRepository().insert(new TenantRecord("beta", T0));
        TokenRepository tokens = store.tokenRepository();
        TokenRecord newer = token("t2", "acme", "h2", T0.plusSeconds(5));
        TokenRecord older = token("t1", "acme", "h1", T0);
        tokens.insert(newer);
        tokens.insert(older);
        tokens.insert(token("t3", "beta", "h3", T0));

        assertThat(tokens.listByTenant("acme")).containsExactly(older, newer);
        assertThat(tokens.listByTenant("nobody")).isEmpty();
    }

    @StoreTest
    void revokingKeepsTheFirstRevocationTime(MetadataStore store) {
        store.tenantRepository().insert(new TenantRecord("acme", T0));
        TokenRepository tokens = store.tokenRepository();
        tokens.insert(token("t1", "acme", "h1", T0));

        assertThat(tokens.revoke("t1", T0.plusSeconds(10))).isTrue();
        assertThat(tokens.revoke("t1", T0.plusSeconds(20))).isTrue();
        assertThat(tokens.revoke("missing", T0)).isFalse();

        assertThat(tokens.find("t1").orElseThrow().revokedAt())
                .isEqualTo(T0.plusSeconds(10).truncatedTo(ChronoUnit.MICROS));
    }
}
