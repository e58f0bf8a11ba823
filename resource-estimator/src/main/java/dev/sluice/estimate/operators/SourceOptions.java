package dev.sluice.estimate.operators;

import dev.sluice.estimate.model.SourceInfo;
import org.apache.flink.table.catalog.ContextResolvedTable;
import org.apache.flink.table.catalog.WatermarkSpec;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a source table's DDL tells about its data: datagen's {@code rows-per-second} (10000 when not set) and the
 * distinct values of a bounded random or sequence column, and the delay of a {@code WATERMARK FOR t AS t - INTERVAL}.
 */
final class SourceOptions {

    /** datagen's rate when the option is not set. */
    static final double DATAGEN_DEFAULT_ROWS_PER_SECOND = 10000;

    private static final Pattern DELAY = Pattern.compile(
            "-\\s*INTERVAL\\s*'(\\d+(?:\\.\\d+)?)'\\s*(SECOND|MINUTE|HOUR|DAY)", Pattern.CASE_INSENSITIVE);

    private SourceOptions() {}

    static SourceInfo of(ContextResolvedTable table, double schemaRowBytes) {
        Map<String, String> options = table.getResolvedTable().getOptions();
        boolean datagen = "datagen".equals(options.get("connector"));
        Double rate = null;
        Map<String, Long> bounded = new HashMap<>();
        if (datagen) {
            rate = number(options.get("rows-per-second"))
                    .map(BigDecimal::doubleValue)
                    .orElse(DATAGEN_DEFAULT_ROWS_PER_SECOND);
            for (String column : table.getResolvedSchema().getColumnNames()) {
                String prefix = "fields." + column + ".";
                boolean sequence = "sequence".equals(options.get(prefix + "kind"));
                var low = number(options.get(prefix + (sequence ? "start" : "min")));
                var high = number(options.get(prefix + (sequence ? "end" : "max")));
                if (low.isPresent()
                        && high.isPresent()
                        && high.get().compareTo(low.get()) >= 0
                        && high.get().stripTrailingZeros().scale() <= 0
                        && low.get().stripTrailingZeros().scale() <= 0) {
                    // Integral bounds: every value in the range can occur.
                    bounded.put(column, high.get().subtract(low.get()).longValue() + 1);
                }
            }
        }
        return new SourceInfo(
                table.getIdentifier().getObjectName(), rate, bounded, watermarkDelay(table), schemaRowBytes);
    }

    @Nullable
    private static Duration watermarkDelay(ContextResolvedTable table) {
        List<WatermarkSpec> specs = table.getResolvedSchema().getWatermarkSpecs();
        if (specs.isEmpty()) {
            return null;
        }
        String expression = specs.get(0).getWatermarkExpression().asSummaryString();
        Matcher matcher = DELAY.matcher(expression);
        if (!matcher.find()) {
            // A watermark on the time column itself (no delay) or an expression we do not read.
            return expression.contains("-") ? null : Duration.ZERO;
        }
        double amount = Double.parseDouble(matcher.group(1));
        long unitMillis = switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "SECOND" -> 1000L;
            case "MINUTE" -> 60_000L;
            case "HOUR" -> 3_600_000L;
            default -> 86_400_000L;
        };
        return Duration.ofMillis(Math.round(amount * unitMillis));
    }

    private static java.util.Optional<BigDecimal> number(@Nullable String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }
}
