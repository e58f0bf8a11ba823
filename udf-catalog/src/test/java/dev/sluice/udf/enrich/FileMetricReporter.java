package dev.sluice.udf.enrich;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Flink metric reporter for tests: when a task ends and its enrichment metrics are removed, it writes each one's
 * last value to {@code <dir>/<function>.<metric>} ({@code metrics.reporter.<name>.dir}). Flink instantiates
 * reporters itself, so files are how the values reach the test without static state.
 */
public final class FileMetricReporter implements MetricReporter {

    private final Path dir;

    FileMetricReporter(Path dir) {
        this.dir = dir;
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {}

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        String function = group.getAllVariables().get("<enrichment>");
        if (function == null) {
            return;
        }
        try {
            Files.writeString(
                    dir.resolve(function + "." + name), String.valueOf(valueOf(metric)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object valueOf(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            return gauge.getValue();
        }
        if (metric instanceof Meter meter) {
            return meter.getRate();
        }
        return metric;
    }

    /** Found by Flink through {@code META-INF/services}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new FileMetricReporter(Path.of(properties.getProperty("dir")));
        }
    }
}
