package dev.sluice.gateway.sqltest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.gateway.error.ErrorCode;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.udf.testrows.ExplicitWatermarks;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.WatermarkSpec;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.utils.DataTypeUtils;

import javax.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The watermarks one input of a test writes among its rows ({@code {"$watermark": "2026-12-07 10:00:10"}}), when its
 * table's watermarks are {@value StatementTest#EXPLICIT_WATERMARKS}: each read as the table's event-time column reads
 * a value, following at least one row, and later than the one before. A mistake is refused naming its field.
 */
final class WatermarkEntries {

    private final String input;
    private final boolean explicit;

    @Nullable
    private final LogicalType eventTime;

    private final List<ExplicitWatermarks.Mark> marks = new ArrayList<>();
    private int rows;

    /** @param input the input's name in the test, for the fields of refusals */
    WatermarkEntries(String input, boolean explicit, ResolvedSchema schema) {
        this.input = requireNonNull(input, "input is null");
        this.explicit = explicit;
        List<WatermarkSpec> specs = schema.getWatermarkSpecs();
        if (explicit && specs.isEmpty()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    "watermarks." + input,
                    "Table " + input + " declares no WATERMARK, so it has no event time for explicit watermarks.",
                    "Declare its event time (WATERMARK FOR ts AS ...), or leave 'watermarks." + input + "' out.");
        }
        this.eventTime = specs.isEmpty()
                ? null
                : DataTypeUtils.removeTimeAttribute(
                                schema.getColumn(specs.get(0).getRowtimeAttribute())
                                        .orElseThrow()
                                        .getDataType())
                        .getLogicalType();
    }

    /**
     * Whether the entry at {@code index} is a watermark (and takes it), rather than a row, which is counted.
     *
     * @param read reads a value by its type, refusing it naming the field
     */
    boolean take(JsonNode entry, int index, ValueReader read) {
        String field = "inputs." + input + "[" + index + "]";
        if (!entry.has(StatementTest.WATERMARK_ENTRY)) {
            rows++;
            return false;
        }
        String watermarkField = field + "." + StatementTest.WATERMARK_ENTRY;
        if (!explicit) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    watermarkField,
                    "Field '" + watermarkField + "' is a watermark, but table " + input
                            + " makes its watermarks from its WATERMARK clause.",
                    "Add \"watermarks\": {\"" + input + "\": \"explicit\"} to write its watermarks among its rows.");
        }
        if (entry.size() != 1) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    field,
                    "Field '" + field + "' is a watermark entry with other fields; a watermark is {\""
                            + StatementTest.WATERMARK_ENTRY + "\": \"<event time>\"} alone.",
                    "Put the row and the watermark in entries of their own.");
        }
        Object time = read.read(entry.get(StatementTest.WATERMARK_ENTRY), eventTime, watermarkField);
        if (time == null) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    watermarkField,
                    "Field '" + watermarkField + "' is null; a watermark is an event time.",
                    "E.g. {\"" + StatementTest.WATERMARK_ENTRY + "\": \"2026-12-07 10:00:10\"}.");
        }
        long millis = millis(time);
        if (rows == 0) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    watermarkField,
                    "The watermark '" + field + "' comes before any row of " + input + ".",
                    "A watermark follows the rows it passes; put it after the first row.");
        }
        if (!marks.isEmpty() && millis <= marks.get(marks.size() - 1).millis()) {
            throw GatewayException.forField(
                    ErrorCode.INVALID_REQUEST,
                    watermarkField,
                    "The watermark '" + field + "' is not later than the one before it; watermarks only advance.",
                    "Give each watermark of " + input + " a later time than the last.");
        }
        marks.add(new ExplicitWatermarks.Mark(rows, millis));
        return true;
    }

    /** The option value that makes the source emit these watermarks instead of its table's; empty for the table's. */
    Optional<String> option() {
        return explicit ? Optional.of(ExplicitWatermarks.encode(marks)) : Optional.empty();
    }

    /** Event time as Flink's watermarks count it: a TIMESTAMP as if in UTC, a TIMESTAMP_LTZ as its instant. */
    private static long millis(Object time) {
        if (time instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return ((Instant) time).toEpochMilli();
    }

    /** Reads a JSON value as a column's type, refusing it by its field. */
    @FunctionalInterface
    interface ValueReader {
        Object read(JsonNode node, LogicalType type, String field);
    }
}
