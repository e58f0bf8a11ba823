package dev.sluice.gateway.store;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:15:30.123456Z");

    private static AuditRecord row(int second, String tenant, String actor, String action, String result) {
        return new AuditRecord(
                null, T0.plusSeconds(second), tenant, actor + "-id", actor, action, "target " + second, result, null);
    }

    private static AuditRepository.Filter filter(
            String tenant, String actor, String action, Instant since, Instant until) {
        return new AuditRepository.Filter(tenant, actor, action, since, until, 100);
    }

    private static List<String> targets(List<AuditRecord> rows) {
        return rows.stream().map(AuditRecord::target).toList();
    }

    @StoreTest
    void readsBackNewestFirstWithEveryFilter(MetadataStore store) {
        AuditRepository audit = store.auditRepository();
        audit.append(row(0, "acme", "nb1", "statement.submit", "ok"));
        audit.append(row(1, "acme", "admin", "token.create", "ok"));
        audit.append(row(2, "beta", "nb2", "statement.submit", "SQL_VALIDATION"));
        audit.append(row(3, "acme", "nb1", "job.stop", "NOT_FOUND"));

        assertThat(targets(audit.find(filter(null, null, null, null, null))))
                .containsExactly("target 3", "target 2", "target 1", "target 0");
        assertThat(targets(audit.find(filter("acme", null, null, null, null))))
                .containsExactly("target 3", "target 1", "target 0");
        assertThat(targets(audit.find(filter(null, "nb1", null, null, null)))).containsExactly("target 3", "target 0");
        assertThat(targets(audit.find(filter(null, "nb2-id", null, null, null))))
                .containsExactly("target 2");
        assertThat(targets(audit.find(filter(null, null, "statement.submit", null, null))))
                .containsExactly("target 2", "target 0");
        assertThat(targets(audit.find(filter(null, null, null, T0.plusSeconds(1), T0.plusSeconds(3)))))
                .containsExactly("target 2", "target 1");
        assertThat(targets(audit.find(new AuditRepository.Filter(null, null, null, null, null, 2))))
                .containsExactly("target 3", "target 2");

        AuditRecord first = audit.find(filter("beta", null, null, null, null)).get(0);
        assertThat(first.id()).isNotNull();
        assertThat(first)
                .isEqualTo(new AuditRecord(
                        first.id(),
                        T0.plusSeconds(2),
                        "beta",
                        "nb2-id",
                        "nb2",
                        "statement.submit",
                        "target 2",
                        "SQL_VALIDATION",
                        null));
    }

    @StoreTest
    void filtersAreBoundValuesNotSql(MetadataStore store) {
        AuditRepository audit = store.auditRepository();
        audit.append(new AuditRecord(null, T0, "acme", "x'); DELETE FROM audit_log; --", "n", "a", null, "ok", null));

        assertThat(audit.find(filter("acme' OR '1' = '1", null, null, null, null)))
                .isEmpty();
        assertThat(audit.find(filter(null, "x'); DELETE FROM audit_log; --", null, null, null)))
                .hasSize(1);
    }
}
