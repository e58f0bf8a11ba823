package dev.sluice.gateway;

import dev.sluice.gateway.config.SluiceOptions;
import dev.sluice.gateway.metrics.BoundedLabels;
import dev.sluice.gateway.metrics.FunctionMetrics;
import dev.sluice.gateway.metrics.GatewayMetrics;
import dev.sluice.gateway.metrics.JobFunctionMetrics;
import dev.sluice.gateway.metrics.PipelineMetrics;
import dev.sluice.gateway.metrics.RequestMetrics;
import dev.sluice.gateway.metrics.ScrapeToken;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The gateway's metrics: one registry, made before anything else so that the metadata store reports into it from
 * its first connection, the meters the parts record into, and who may scrape them.
 */
record Meters(
        GatewayMetrics gateway,
        ScrapeToken scrapeToken,
        BoundedLabels tenants,
        RequestMetrics requests,
        PipelineMetrics pipeline,
        FunctionMetrics functions,
        JobFunctionMetrics jobFunctions) {

    static Meters wire(Configuration options, Started started) throws IOException {
        GatewayMetrics gateway = started.remember(new GatewayMetrics());
        BoundedLabels tenants = new BoundedLabels(options.get(SluiceOptions.METRICS_MAX_TENANTS));
        // One bound for the functions the gateway runs and those its jobs run.
        BoundedLabels functions = new BoundedLabels(options.get(SluiceOptions.METRICS_MAX_FUNCTIONS));
        return new Meters(
                gateway,
                scrapeToken(options),
                tenants,
                new RequestMetrics(gateway.registry()),
                new PipelineMetrics(gateway.registry()),
                new FunctionMetrics(gateway.registry(), tenants, functions),
                new JobFunctionMetrics(gateway.registry(), tenants, functions));
    }

    private static ScrapeToken scrapeToken(Configuration options) throws IOException {
        Optional<String> file = options.getOptional(SluiceOptions.METRICS_SCRAPE_TOKEN_FILE);
        if (file.isEmpty()) {
            return ScrapeToken.none();
        }
        String key = SluiceOptions.METRICS_SCRAPE_TOKEN_FILE.key();
        return ScrapeToken.of(SluiceServer.readSecretFile(Path.of(file.get()), key), key);
    }
}
