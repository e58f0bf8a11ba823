package dev.sluice.gateway.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-tenant gauges are the figures of the last scrape: tenants past the bound are summed under one label (the
 * oldest approval's age is their maximum), a tenant whose figures are gone leaves no series, and no label takes a value
 * the figures do not name.
 */
class TenantGaugesTest {

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<TenantFigures> figures = new ArrayList<>();
    private final TenantGauges gauges = new TenantGauges(metrics.registry(), () -> figures, new BoundedLabels(2));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void tenantsPastTheBoundAreSummedUnderOther() {
        figures.addAll(List.of(
                tenant("acme", 1, 10), tenant("initech", 2, 20), tenant("umbrella", 3, 30), tenant("hooli", 4, 40)));
        gauges.refresh();

        String scrape = metrics.scrape();
        assertThat(scrape)
                .contains(
                        "sluice_sessions{tenant=\"acme\"} 1",
                        "sluice_sessions{tenant=\"initech\"} 2",
                        "sluice_sessions{tenant=\"_other\"} 7",
                        "sluice_approvals_pending_oldest_age_seconds{tenant=\"_other\"} 40",
                        "sluice_quota_used{resource=\"task_slots\",tenant=\"_other\"} 7",
                        "sluice_jobs{status=\"RUNNING\",tenant=\"_other\"} 7")
                .doesNotContain("umbrella", "hooli");
    }

    @Test
    void aTenantWhoseFiguresAreGoneLeavesNoSeries() {
        figures.addAll(List.of(tenant("acme", 1, 10), tenant("initech", 2, 20)));
        gauges.refresh();
        assertThat(metrics.scrape()).contains("sluice_sessions{tenant=\"initech\"} 2");

        figures.remove(1);
        gauges.refresh();

        assertThat(metrics.scrape())
                .contains("sluice_sessions{tenant=\"acme\"} 1")
                .doesNotContain("initech");
    }

    private static TenantFigures tenant(String name, int sessions, int waitedSeconds) {
        return new TenantFigures(
                name,
                sessions,
                0,
                Map.of("RUNNING", sessions),
                1,
                Optional.of(Duration.ofSeconds(waitedSeconds)),
                Map.of("task_slots", (double) sessions),
                Map.of("task_slots", 32.0));
    }
}
