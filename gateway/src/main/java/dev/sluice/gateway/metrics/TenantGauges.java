package dev.sluice.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Figures per tenant that are states, not events (open sessions, running queries, jobs by status, pending approvals,
 * quota use against quota): read afresh from their owners at every scrape, so they are never stale and a tenant that
 * is gone leaves no series behind. Tenants past the bound are summed into {@value BoundedLabels#OTHER}.
 */
public final class TenantGauges {

    private final Supplier<List<TenantFigures>> figures;
    private final BoundedLabels tenants;
    private final MultiGauge sessions;
    private final MultiGauge queries;
    private final MultiGauge jobs;
    private final MultiGauge approvals;
    private final MultiGauge approvalAge;
    private final MultiGauge quotaUsed;
    private final MultiGauge quotaLimit;

    /**
     * @param figures every tenant's figures, read when called
     * @param tenants the bound on tenant label values
     */
    public TenantGauges(MeterRegistry registry, Supplier<List<TenantFigures>> figures, BoundedLabels tenants) {
        requireNonNull(registry, "registry is null");
        this.figures = requireNonNull(figures, "figures is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.sessions = gauge(registry, "sluice.sessions", "Open sessions, by tenant");
        this.queries = gauge(registry, "sluice.queries.running", "Queries running (admitted, not ended), by tenant");
        this.jobs = gauge(registry, "sluice.jobs", "Job records by tenant and status");
        this.approvals =
                gauge(registry, "sluice.approvals.pending", "Approval requests waiting for an admin, by tenant");
        this.approvalAge = MultiGauge.builder("sluice.approvals.pending.oldest.age")
                .description("How long the oldest pending approval request of a tenant has waited")
                .baseUnit("seconds")
                .register(registry);
        this.quotaUsed = gauge(
                registry,
                "sluice.quota.used",
                "What a tenant's admitted jobs and queries hold, by tenant and resource (cores, not millicores)");
        this.quotaLimit = gauge(
                registry, "sluice.quota.limit", "A tenant's quota (its own or the default), by tenant and resource");
    }

    /** Reads every tenant's figures and sets the gauges to them; called before each scrape. */
    public void refresh() {
        Map<Tags, Double> sessionRows = new LinkedHashMap<>();
        Map<Tags, Double> queryRows = new LinkedHashMap<>();
        Map<Tags, Double> jobRows = new LinkedHashMap<>();
        Map<Tags, Double> approvalRows = new LinkedHashMap<>();
        Map<Tags, Double> ageRows = new LinkedHashMap<>();
        Map<Tags, Double> usedRows = new LinkedHashMap<>();
        Map<Tags, Double> limitRows = new LinkedHashMap<>();
        for (TenantFigures tenant : figures.get()) {
            Tags tags = Tags.of("tenant", tenants.of(tenant.tenant()));
            sessionRows.merge(tags, (double) tenant.sessions(), Double::sum);
            queryRows.merge(tags, (double) tenant.runningQueries(), Double::sum);
            tenant.jobsByStatus()
                    .forEach((status, count) -> jobRows.merge(tags.and("status", status), (double) count, Double::sum));
            approvalRows.merge(tags, (double) tenant.pendingApprovals(), Double::sum);
            // The oldest of the tenants summed into one label is the one that waited longest.
            tenant.oldestPendingApproval().ifPresent(age -> ageRows.merge(tags, age.toMillis() / 1000.0, Math::max));
            tenant.quotaUsed()
                    .forEach((resource, used) -> usedRows.merge(tags.and("resource", resource), used, Double::sum));
            tenant.quotaLimit()
                    .forEach((resource, limit) -> limitRows.merge(tags.and("resource", resource), limit, Double::sum));
        }
        set(sessions, sessionRows);
        set(queries, queryRows);
        set(jobs, jobRows);
        set(approvals, approvalRows);
        set(approvalAge, ageRows);
        set(quotaUsed, usedRows);
        set(quotaLimit, limitRows);
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    /** Replaces the gauge's rows: a label set no longer there is removed. */
    private static void set(MultiGauge gauge, Map<Tags, Double> rows) {
        List<MultiGauge.Row<?>> list = new ArrayList<>();
        rows.forEach((tags, value) -> list.add(MultiGauge.Row.of(tags, value)));
        gauge.register(list, true);
    }
}
