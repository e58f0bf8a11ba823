package dev.sluice.gateway;

import dev.sluice.gateway.auth.TenantDirectory;
import dev.sluice.gateway.auth.Tenants;
import dev.sluice.gateway.metrics.TenantFigures;
import dev.sluice.gateway.pipeline.admit.AdmissionControl;
import dev.sluice.gateway.store.ApprovalRecord;
import dev.sluice.gateway.store.ApprovalRepository;
import dev.sluice.gateway.store.ApprovalStatus;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.QuotaRecord;
import dev.sluice.gateway.store.QuotaRepository;
import dev.sluice.gateway.store.Resources;
import dev.sluice.gateway.store.TenantRepository.TenantRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Every tenant's figures for the metrics, read from their owners at a scrape: open sessions from the session
 * registry, jobs by status and pending approvals from the metadata store, quota use and quota from admission. The
 * tenants are the directory's (made by admins only) and any other that holds a session or a job record.
 */
final class TenantFiguresSource implements Supplier<List<TenantFigures>> {

    private final TenantDirectory directory;
    private final Tenants sessions;
    private final JobRepository jobs;
    private final ApprovalRepository approvals;
    private final AdmissionControl admission;
    private final Clock clock;

    TenantFiguresSource(
            TenantDirectory directory,
            Tenants sessions,
            JobRepository jobs,
            ApprovalRepository approvals,
            AdmissionControl admission,
            Clock clock) {
        this.directory = requireNonNull(directory, "directory is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.approvals = requireNonNull(approvals, "approvals is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public List<TenantFigures> get() {
        Map<String, Integer> open = sessions.openSessionsByTenant();
        Map<String, Map<JobStatus, Integer>> jobCounts = jobs.countByTenantAndStatus();
        Map<String, List<ApprovalRecord>> pending = approvals.list(null, ApprovalStatus.PENDING).stream()
                .collect(Collectors.groupingBy(ApprovalRecord::tenant));
        TreeSet<String> tenants =
                directory.list().stream().map(TenantRecord::name).collect(Collectors.toCollection(TreeSet::new));
        tenants.addAll(open.keySet());
        tenants.addAll(jobCounts.keySet());
        Instant now = clock.instant();
        List<TenantFigures> figures = new ArrayList<>();
        for (String tenant : tenants) {
            QuotaRepository.Usage usage = admission.usage(tenant);
            QuotaRecord quota = admission.quota(tenant);
            List<ApprovalRecord> waiting = pending.getOrDefault(tenant, List.of());
            figures.add(new TenantFigures(
                    tenant,
                    open.getOrDefault(tenant, 0),
                    usage.queries(),
                    byStatus(jobCounts.getOrDefault(tenant, Map.of())),
                    waiting.size(),
                    waiting.stream()
                            .map(ApprovalRecord::requestedAt)
                            .min(Instant::compareTo)
                            .map(oldest -> Duration.between(oldest, now)),
                    resources(usage.jobs(), usage.resources()),
                    resources(quota.maxJobs(), quota.max())));
        }
        return figures;
    }

    /** Every status, zeros included, so that a status emptied shows 0 rather than vanishing. */
    private static Map<String, Integer> byStatus(Map<JobStatus, Integer> counts) {
        Map<JobStatus, Integer> all = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            all.put(status, counts.getOrDefault(status, 0));
        }
        Map<String, Integer> named = new LinkedHashMap<>();
        all.forEach((status, count) -> named.put(status.name(), count));
        return named;
    }

    /** The resources a quota counts, named as the metrics' {@code resource} label says them. */
    private static Map<String, Double> resources(int jobs, Resources resources) {
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("jobs", (double) jobs);
        named.put("task_slots", (double) resources.taskSlots());
        named.put("cpu_cores", resources.cpuMillis() / 1000.0);
        named.put("memory_bytes", (double) resources.memoryBytes());
        named.put("state_bytes", (double) resources.stateBytes());
        return named;
    }
}
