package dev.sluice.gateway.metrics;

import dev.sluice.gateway.metrics.PipelineMetrics.Step;
import dev.sluice.gateway.store.MetadataStore;
import dev.sluice.gateway.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics reference in docs/operations.md is the registry's: every {@code sluice_*} family the gateway registers
 * is a row with its type and labels, and no row names one it does not; the libraries' families the page names by
 * prefix ({@code jvm_*}, {@code hikaricp_*}, ...) are there too.
 */
class MetricsReferenceTest {

    /** A row of the reference: | `name` | type | `label`, `label` | meaning | */
    private static final Pattern ROW =
            Pattern.compile("^\\| `([a-z_*]+)` \\| (\\w+) \\| ([^|]*) \\| [^|]+\\|$", Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    @Test
    void everyFamilyTheGatewayRegistersIsDocumentedWithItsTypeAndLabels() throws Exception {
        ScrapedFamilies scraped = ScrapedFamilies.of(scrapeOfEveryMeter(dataDir));
        Map<String, ScrapedFamilies.Family> documented = documented();

        Map<String, ScrapedFamilies.Family> ours = new TreeMap<>(scraped.families());
        ours.keySet().removeIf(name -> !name.startsWith("sluice_"));
        // A timer's maximum comes with its histogram; the reference's histogram row stands for both.
        ours.keySet().removeIf(name -> name.endsWith("_max") && ours.containsKey(name.replaceAll("_max$", "")));
        Map<String, ScrapedFamilies.Family> documentedOurs = new TreeMap<>(documented);
        documentedOurs.keySet().removeIf(name -> !name.startsWith("sluice_"));
        assertThat(documentedOurs).isEqualTo(ours);

        Set<String> prefixes = documented.keySet().stream()
                .filter(name -> name.endsWith("*"))
                .map(name -> name.substring(0, name.length() - 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(prefixes).contains("jvm_", "hikaricp_");
        for (String prefix : prefixes) {
            assertThat(scraped.families().keySet())
                    .as("families named %s*", prefix)
                    .anyMatch(name -> name.startsWith(prefix));
        }
        assertThat(scraped.families().keySet())
                .as("families the reference names neither one by one nor by prefix")
                .allMatch(
                        name -> name.startsWith("sluice_") || prefixes.stream().anyMatch(name::startsWith));
    }

    /** The rows of the reference, by name: a library's rows (name ending in *) have no type or labels to check. */
    static Map<String, ScrapedFamilies.Family> documented() throws Exception {
        Matcher rows = ROW.matcher(OperationsPage.section("Metrics"));
        Map<String, ScrapedFamilies.Family> documented = new TreeMap<>();
        while (rows.find()) {
            Set<String> labels = Arrays.stream(rows.group(3).split(","))
                    .map(String::strip)
                    .filter(label -> label.startsWith("`"))
                    .map(label -> label.replace("`", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            documented.put(rows.group(1), new ScrapedFamilies.Family(rows.group(1), rows.group(2), labels));
        }
        return documented;
    }

    /** A scrape of a registry in which every meter of the gateway has recorded once, as the wiring makes them. */
    static String scrapeOfEveryMeter(Path dataDir) {
        try (GatewayMetrics metrics = new GatewayMetrics();
                MetadataStore store =
                        MetadataStore.open(StoreConfig.embedded(dataDir, Duration.ofSeconds(5)), metrics.registry())) {
            store.tenantRepository().list();
            BoundedLabels tenants = new BoundedLabels(10);
            new RequestMetrics(metrics.registry()).served("GET", "/api/v1/jobs", 200, Duration.ofMillis(3));
            new PipelineMetrics(metrics.registry()).time(Step.VALIDATE, () -> "validated");
            new FunctionMetrics(metrics.registry(), tenants, new BoundedLabels(10))
                    .called("acme", "shout", FunctionMetrics.Outcome.STOPPED);
            new FunctionMetrics(metrics.registry(), tenants, new BoundedLabels(10))
                    .called("acme", "shout", FunctionMetrics.Outcome.FAILED);
            new TenantGauges(metrics.registry(), () -> List.of(figures("acme")), tenants).refresh();
            new JobFunctionMetrics(metrics.registry(), tenants, new BoundedLabels(10))
                    .set(Arrays.stream(JobFunctionMetrics.Kind.values())
                            .map(kind -> new JobFunctionMetrics.Total("acme", "shout", kind, 1))
                            .toList());
            return metrics.scrape();
        }
    }

    static TenantFigures figures(String tenant) {
        return new TenantFigures(
                tenant,
                2,
                1,
                Map.of("RUNNING", 1, "FAILED", 0),
                1,
                Optional.of(Duration.ofSeconds(90)),
                Map.of("jobs", 1.0, "task_slots", 2.0),
                Map.of("jobs", 20.0, "task_slots", 32.0));
    }
}
