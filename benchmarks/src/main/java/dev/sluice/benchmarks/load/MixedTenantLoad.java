package dev.sluice.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.gateway.testing.ApiClient;
import dev.sluice.gateway.testing.ApiClient.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many sessions of several tenants at once against one running gateway, each an analyst who validates scripts,
 * runs queries and reads their rows, starts and stops jobs, and probes other tenants' jobs and results. It checks,
 * while it runs, the three things that must hold under load: no call answers 5xx, no caller ever sees another
 * tenant's data, and no tenant ever has more active jobs than its quota allows.
 */
public final class MixedTenantLoad {

    /** How big and how long. */
    public record Plan(int tenants, int sessions, Duration duration, int maxJobsPerTenant) {}

    /** What one kind of call did: how often, how it answered, how fast. */
    public record CallStats(
            String call,
            int count,
            int clientErrors,
            int serverErrors,
            double perSecond,
            double p50Millis,
            double p99Millis) {}

    /** Everything measured, and every broken rule (empty when all held). */
    public record Outcome(
            List<CallStats> calls,
            List<String> violations,
            int jobsStarted,
            int jobsHeld,
            int validationTimeouts,
            int unfinishedQueries,
            double seconds) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ACTIVE = Set.of("SUBMITTED", "RUNNING");

    private final ApiClient admin;
    private final Plan plan;
    private final Map<String, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentHashMap<>();
    private final Map<String, int[]> statuses = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    // Ids of each tenant's jobs and statements, for other tenants to probe.
    private final Map<String, ConcurrentLinkedQueue<String>> jobIds = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<String>> statementIds = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger validationTimeouts = new AtomicInteger();
    private final AtomicInteger unfinishedQueries = new AtomicInteger();

    private MixedTenantLoad(ApiClient admin, Plan plan) {
        this.admin = admin;
        this.plan = plan;
    }

    /** Sets up the tenants (tenant names {@code load<i>}), then runs the sessions for the plan's duration. */
    public static Outcome run(ApiClient admin, Plan plan) throws InterruptedException {
        return new MixedTenantLoad(admin, plan).run();
    }

    private Outcome run() throws InterruptedException {
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < plan.tenants(); i++) {
            tenants.add(setUp("load" + i));
        }
        long start = System.nanoTime();
        long end = start + plan.duration().toNanos();
        CountDownLatch done = new CountDownLatch(plan.sessions());
        for (int i = 0; i < plan.sessions(); i++) {
            Tenant tenant = tenants.get(i % tenants.size());
            long seed = i;
            Thread session = new Thread(
                    () -> {
                        try {
                            new Session(tenant, new SplittableRandom(seed)).runUntil(end);
                        } catch (RuntimeException | AssertionError e) {
                            violations.add("session of " + tenant.name() + " broke off: " + e.getMessage());
                        } finally {
                            done.countDown();
                        }
                    },
                    "load-session-" + i);
            session.start();
        }
        Thread monitor = new Thread(() -> watchQuotas(tenants, end), "load-quota-monitor");
        monitor.start();
        done.await(plan.duration().toSeconds() + 300, TimeUnit.SECONDS);
        monitor.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        stopEverything(tenants);
        return new Outcome(
                stats(seconds),
                List.copyOf(violations),
                started.get(),
                held.get(),
                validationTimeouts.get(),
                unfinishedQueries.get(),
                seconds);
    }

    private record Tenant(String name, ApiClient analyst) {}

    private Tenant setUp(String name) {
        expect(admin.post("/api/v1/tenants", "{\"name\": \"" + name + "\"}"), 201, "create tenant " + name);
        expect(
                admin.put(
                        "/api/v1/tenants/" + name + "/quota",
                        "{\"maxJobs\": " + plan.maxJobsPerTenant() + ", \"maxTaskSlots\": 64, \"maxCpuCores\": 64,"
                                + " \"maxMemoryBytes\": 1099511627776, \"maxStateBytes\": 1099511627776}"),
                200,
                "set quota of " + name);
        Response token = expect(
                admin.post("/api/v1/tenants/" + name + "/tokens", "{\"name\": \"loader\", \"role\": \"analyst\"}"),
                201,
                "create token of " + name);
        ApiClient analyst = admin.withToken(token.body().get("token").asText());
        analyst.run(
                null,
                "CREATE TABLE clicks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '2');"
                        + "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');"
                        + "CREATE VIEW whoami AS SELECT '" + name + "' AS tenant");
        jobIds.put(name, new ConcurrentLinkedQueue<>());
        statementIds.put(name, new ConcurrentLinkedQueue<>());
        return new Tenant(name, analyst);
    }

    /** One analyst's session: a random mix of calls until the end. */
    private final class Session {
        private final Tenant tenant;
        private final SplittableRandom random;
        private final List<String[]> myJobs = new ArrayList<>(); // {jobId, startNanos}
        private String sessionId;

        Session(Tenant tenant, SplittableRandom random) {
            this.tenant = tenant;
            this.random = random;
        }

        void runUntil(long end) {
            sessionId = call("open session", () -> tenant.analyst().post("/api/v1/sessions", "{}"))
                    .body()
                    .get("sessionId")
                    .asText();
            while (System.nanoTime() < end) {
                int dice = random.nextInt(100);
                // Mostly what an analyst does while typing (validate), some queries and their pages, few jobs: each
                // query and job is a Flink job on the shared cluster.
                if (dice < 60) {
                    validate();
                } else if (dice < 70) {
                    query();
                } else if (dice < 75) {
                    submitJob();
                } else if (dice < 90) {
                    probeOtherTenant();
                } else {
                    listJobs();
                }
                stopOldJobs(System.nanoTime() - TimeUnit.SECONDS.toNanos(3));
            }
            stopOldJobs(Long.MAX_VALUE);
            call("close session", () -> tenant.analyst().delete("/api/v1/sessions/" + sessionId));
        }

        private void validate() {
            Response answer = call(
                    "validate",
                    () -> tenant.analyst()
                            .post(
                                    "/api/v1/statements:validate",
                                    body(
                                            "sql",
                                            "SELECT tenant FROM whoami;\nSELECT idd FROM clicks",
                                            "sessionId",
                                            sessionId)));
            if (answer.status() != 200) {
                return;
            }
            List<String> codes = answer.body().get("diagnostics").findValuesAsText("code");
            if (codes.contains("VALIDATION_TIMEOUT")) {
                validationTimeouts.incrementAndGet();
            } else if (!codes.equals(List.of("SQL_VALIDATION"))) {
                violations.add("validation of a script with one unknown column answered " + answer.body());
            }
        }

        private void query() {
            Response answer = call(
                    "run query",
                    () -> tenant.analyst()
                            .post(
                                    "/api/v1/statements",
                                    body("sql", "SELECT tenant FROM whoami", "sessionId", sessionId)));
            if (answer.status() != 200) {
                return;
            }
            String statementId =
                    answer.body().get("statements").get(0).get("id").asText();
            statementIds.get(tenant.name()).add(statementId);
            long token = 0;
            List<String> seen = new ArrayList<>();
            boolean ended = false;
            for (int page = 0; page < 600 && !ended; page++) {
                long current = token;
                Response rows = call(
                        "read results",
                        () -> tenant.analyst().get("/api/v1/statements/" + statementId + "/results?token=" + current));
                if (rows.status() != 200) {
                    return;
                }
                rows.body()
                        .get("rows")
                        .forEach(row -> seen.add(row.get("fields").get(0).asText()));
                JsonNode next = rows.body().get("nextToken");
                ended = next == null || next.isNull();
                token = ended ? token : next.asLong();
                sleep(100);
            }
            // Another tenant's value in the rows is a leak; a query too slow to end here is only slow.
            if (seen.stream().anyMatch(value -> !value.equals(tenant.name())) || (ended && seen.size() != 1)) {
                violations.add(tenant.name() + " read " + seen + " from its own view");
            }
            if (!ended) {
                unfinishedQueries.incrementAndGet();
                call("cancel query", () -> tenant.analyst().delete("/api/v1/statements/" + statementId));
            }
        }

        private void submitJob() {
            Response answer = call(
                    "submit job",
                    () -> tenant.analyst()
                            .post(
                                    "/api/v1/statements",
                                    body("sql", "INSERT INTO sink SELECT id FROM clicks", "sessionId", sessionId)));
            if (answer.status() == 200) {
                String jobId = answer.body()
                        .get("statements")
                        .get(0)
                        .get("job")
                        .get("id")
                        .asText();
                myJobs.add(new String[] {jobId, Long.toString(System.nanoTime())});
                jobIds.get(tenant.name()).add(jobId);
                started.incrementAndGet();
            } else if (answer.status() == 202) {
                held.incrementAndGet();
            }
        }

        private void probeOtherTenant() {
            String other = "load" + random.nextInt(plan.tenants());
            if (other.equals(tenant.name())) {
                return;
            }
            String jobId = jobIds.get(other).peek();
            if (jobId != null) {
                Response job = call("probe job", () -> tenant.analyst().get("/api/v1/jobs/" + jobId));
                if (job.status() != 404) {
                    violations.add(tenant.name() + " got " + job.status() + " for job " + jobId + " of " + other);
                }
            }
            String statementId = statementIds.get(other).peek();
            if (statementId != null) {
                Response rows = call(
                        "probe results",
                        () -> tenant.analyst().get("/api/v1/statements/" + statementId + "/results?token=0"));
                if (rows.status() != 404) {
                    violations.add(tenant.name() + " got " + rows.status() + " for results of " + statementId + " of "
                            + other);
                }
            }
        }

        private void listJobs() {
            Response jobs = call("list jobs", () -> tenant.analyst().get("/api/v1/jobs"));
            if (jobs.status() != 200) {
                return;
            }
            for (JsonNode job : jobs.body().get("jobs")) {
                if (!job.get("tenant").asText().equals(tenant.name())) {
                    violations.add(
                            tenant.name() + " was listed job " + job.get("id").asText() + " of "
                                    + job.get("tenant").asText());
                }
            }
        }

        private void stopOldJobs(long startedBefore) {
            myJobs.removeIf(job -> {
                if (Long.parseLong(job[1]) > startedBefore) {
                    return false;
                }
                call("stop job", () -> tenant.analyst().post("/api/v1/jobs/" + job[0] + ":stop", ""));
                return true;
            });
        }
    }

    /** Counts every tenant's active jobs, as an admin sees them, until the end. */
    private void watchQuotas(List<Tenant> tenants, long end) {
        while (System.nanoTime() < end) {
            Response jobs = admin.get("/api/v1/jobs");
            if (jobs.status() == 200) {
                for (Tenant tenant : tenants) {
                    Set<String> ids = Set.copyOf(jobIds.get(tenant.name()));
                    long active = 0;
                    for (JsonNode job : jobs.body().get("jobs")) {
                        if (ids.contains(job.get("id").asText())
                                && ACTIVE.contains(job.get("status").asText())) {
                            active++;
                        }
                    }
                    if (active > plan.maxJobsPerTenant()) {
                        violations.add(tenant.name() + " had " + active + " active jobs, over its quota of "
                                + plan.maxJobsPerTenant());
                    }
                }
            }
            sleep(250);
        }
    }

    private void stopEverything(List<Tenant> tenants) {
        for (Tenant tenant : tenants) {
            for (String jobId : jobIds.get(tenant.name())) {
                admin.post("/api/v1/jobs/" + jobId + ":stop", "");
            }
        }
    }

    private interface Call {
        Response send();
    }

    private Response call(String name, Call call) {
        long begin = System.nanoTime();
        Response response = call.send();
        latencies.computeIfAbsent(name, key -> new ConcurrentLinkedQueue<>()).add(System.nanoTime() - begin);
        int[] counts = statuses.computeIfAbsent(name, key -> new int[2]);
        synchronized (counts) {
            if (response.status() >= 500) {
                counts[1]++;
                violations.add(name + " answered " + response.status() + ": " + response.body());
            } else if (response.status() >= 400) {
                counts[0]++;
            }
        }
        return response;
    }

    private List<CallStats> stats(double seconds) {
        List<CallStats> stats = new ArrayList<>();
        latencies.forEach((name, nanos) -> {
            List<Long> sorted = nanos.stream().sorted().toList();
            int[] counts = statuses.get(name);
            stats.add(new CallStats(
                    name,
                    sorted.size(),
                    counts[0],
                    counts[1],
                    sorted.size() / seconds,
                    percentile(sorted, 0.50) / 1e6,
                    percentile(sorted, 0.99) / 1e6));
        });
        stats.sort((a, b) -> Integer.compare(b.count(), a.count()));
        return stats;
    }

    private static double percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty()
                ? 0
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static Response expect(Response response, int status, String what) {
        if (response.status() != status) {
            throw new IllegalStateException("Could not " + what + ": " + response.status() + " " + response.body());
        }
        return response;
    }

    private static String body(String... keysAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return node.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
