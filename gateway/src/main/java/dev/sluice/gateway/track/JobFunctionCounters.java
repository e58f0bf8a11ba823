package dev.sluice.gateway.track;

import dev.sluice.gateway.metrics.JobFunctionMetrics;
import dev.sluice.gateway.metrics.JobFunctionMetrics.Kind;
import dev.sluice.gateway.store.JobRecord;
import dev.sluice.gateway.store.JobRepository;
import dev.sluice.gateway.store.JobStatus;
import dev.sluice.gateway.store.QueryAdmission;
import dev.sluice.gateway.store.QuotaRepository;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Reads the counters the catalog's functions keep in the tasks of the running jobs and queries (the JavaScript
 * runtime's {@code sluice_js_function.<name>.*}, the enrichment runtime's {@code enrichment.<name>.*}) from the
 * cluster, and keeps their totals per tenant and function: a job's share stays when it ends, and a task that
 * restarted from zero adds from zero. Called before each scrape; the cluster's REST API is asked about running jobs
 * only.
 */
public final class JobFunctionCounters {

    /** The counters read, by the group the runtime registers them in and the counter's own name. */
    private static final Pattern COUNTER = Pattern.compile(
            "\\.(sluice_js_function|enrichment)\\.([^.]+)\\.(calls|failures|sandboxStops|cacheHits|storeLookups)$");

    private record Running(String tenant, String flinkJobId) {}

    /** A task counter of a catalog function, as its metric id names it. */
    record Counter(String function, Kind kind) {}

    private record Source(String flinkJobId, String metricId) {}

    private record Key(String tenant, String function, Kind kind) {}

    private final JobRepository jobs;
    private final QuotaRepository queries;
    private final FlinkMetricsReader reader;
    private final JobFunctionMetrics metrics;
    private final Map<Source, Long> lastSeen = new HashMap<>();
    private final Map<Key, Long> totals = new HashMap<>();

    public JobFunctionCounters(
            JobRepository jobs, QuotaRepository queries, FlinkMetricsReader reader, JobFunctionMetrics metrics) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.queries = requireNonNull(queries, "queries is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** Reads the running jobs' counters and sets the metrics to the totals. */
    public synchronized void refresh() {
        Map<Source, Long> seen = new HashMap<>();
        for (Running job : running()) {
            reader.counters(job.flinkJobId(), id -> counterOf(id).isPresent()).forEach((id, value) -> {
                Optional<Counter> counter = counterOf(id);
                if (counter.isEmpty()) {
                    return;
                }
                Source source = new Source(job.flinkJobId(), id);
                long previous = lastSeen.getOrDefault(source, 0L);
                // Below what was seen: the task restarted and counts from zero again.
                long added = value >= previous ? value - previous : value;
                totals.merge(
                        new Key(
                                job.tenant(),
                                counter.get().function(),
                                counter.get().kind()),
                        added,
                        Long::sum);
                seen.put(source, value);
            });
        }
        // Jobs that ended keep their share of the totals; what they were last seen at is no longer needed.
        lastSeen.clear();
        lastSeen.putAll(seen);
        List<JobFunctionMetrics.Total> current = new ArrayList<>();
        totals.forEach((key, total) ->
                current.add(new JobFunctionMetrics.Total(key.tenant(), key.function(), key.kind(), total)));
        metrics.set(current);
    }

    private List<Running> running() {
        List<Running> running = new ArrayList<>();
        for (JobRecord job : jobs.listByStatus(JobStatus.ACTIVE)) {
            if (job.flinkJobId() != null) {
                running.add(new Running(job.tenant(), job.flinkJobId()));
            }
        }
        for (QueryAdmission query : queries.queries()) {
            if (query.flinkJobId() != null) {
                running.add(new Running(query.tenant(), query.flinkJobId()));
            }
        }
        return running;
    }

    /** The function and counter a task metric's id names, if it is one of the functions' counters read. */
    static Optional<Counter> counterOf(String metricId) {
        Matcher counter = COUNTER.matcher(metricId);
        return counter.find()
                ? kind(counter.group(1), counter.group(3)).map(kind -> new Counter(counter.group(2), kind))
                : Optional.empty();
    }

    private static Optional<Kind> kind(String group, String counter) {
        return switch (group + "." + counter) {
            case "sluice_js_function.calls" -> Optional.of(Kind.CALLS);
            case "sluice_js_function.failures" -> Optional.of(Kind.ERRORS);
            case "sluice_js_function.sandboxStops" -> Optional.of(Kind.SANDBOX_STOPS);
            case "enrichment.cacheHits" -> Optional.of(Kind.ENRICHMENT_CACHE_HITS);
            case "enrichment.storeLookups" -> Optional.of(Kind.ENRICHMENT_LOOKUPS);
            default -> Optional.empty();
        };
    }
}
