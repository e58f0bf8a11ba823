package dev.sluice.benchmarks.load;

import dev.sluice.gateway.SluiceServer;
import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.testing.ApiClient;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

/**
 * {@code benchmarks/run load [--sessions N] [--seconds N]}: a gateway in this JVM on embedded defaults, then
 * {@link MixedTenantLoad} against it; prints a Markdown table per call and exits 1 if a rule broke under load.
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int sessions = 100;
        int seconds = 60;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("Unknown flag " + args[i] + "; use --sessions N --seconds N");
            }
        }
        Path dataDir = Files.createTempDirectory("sluice-load-");
        MixedTenantLoad.Plan plan = new MixedTenantLoad.Plan(4, sessions, Duration.ofSeconds(seconds), 2);
        MixedTenantLoad.Outcome outcome;
        try (SluiceServer server = SluiceServer.start(Configuration.fromMap(Map.of(
                SluiceOptions.DATA_DIR.key(), dataDir.toString(),
                SluiceOptions.API_PORT.key(), "0",
                SluiceOptions.FLINK_ENDPOINT_PORT.key(), "0",
                SluiceOptions.PG_PORT.key(), "0",
                // Each tenant may hold 2 jobs and 10 queries (sluice.limits.max-queries-per-tenant), a slot each: with
                // room
                // for all of them, admission answers 429 at a tenant's cap, never 503 CLUSTER_FULL.
                SluiceOptions.CLUSTER_TASK_SLOTS.key(), "48")))) {
            ApiClient admin = new ApiClient(
                    server.apiUrl(), Files.readString(server.adminTokenFile()).strip());
            outcome = MixedTenantLoad.run(admin, plan);
        }
        System.out.printf("## Mixed-tenant load, %s%n%n", LocalDate.now());
        System.out.printf(
                "%d sessions of %d tenants (quota: %d jobs each) for %.0f s on %d cores; %d jobs started, %d held for"
                        + " approval; %d validations answered VALIDATION_TIMEOUT; %d queries had not ended after 600 pages.%n%n",
                plan.sessions(),
                plan.tenants(),
                plan.maxJobsPerTenant(),
                outcome.seconds(),
                Runtime.getRuntime().availableProcessors(),
                outcome.jobsStarted(),
                outcome.jobsHeld(),
                outcome.validationTimeouts(),
                outcome.unfinishedQueries());
        System.out.println("| call | count | requests/s | p50 ms | p99 ms | 4xx | 5xx |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (MixedTenantLoad.CallStats call : outcome.calls()) {
            System.out.printf(
                    "| %s | %d | %.1f | %.0f | %.0f | %d | %d |%n",
                    call.call(),
                    call.count(),
                    call.perSecond(),
                    call.p50Millis(),
                    call.p99Millis(),
                    call.clientErrors(),
                    call.serverErrors());
        }
        System.out.printf("%nRules broken: %s%n", outcome.violations().isEmpty() ? "none" : outcome.violations());
        System.exit(outcome.violations().isEmpty() ? 0 : 1);
    }
}
