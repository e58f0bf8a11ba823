package dev.sluice.tests.eventtime;

import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one text form of a result row that {@code expected.txt} holds: {@code +I[2024-01-01 10:00:00, alice, 3]}.
 *
 * <p>Every client renders its rows through here, so the same expected file serves plain Flink (which hands out
 * {@link LocalDateTime}), JDBC ({@link Timestamp}) and the REST API alike.
 */
public final class RowText {
    /** SQL-literal style; the fraction only when it is not zero, so whole seconds read as in the CSV inputs. */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();

    private RowText() {}

    /**
     * @param kind the change kind as Flink's {@code RowKind.shortString()} spells it: {@code +I}, {@code -U},
     *     {@code +U}, {@code -D}
     */
    public static String of(String kind, List<?> fields) {
        return fields.stream().map(RowText::value).collect(Collectors.joining(", ", kind + "[", "]"));
    }

    /** A timestamp as {@code 2024-01-01 10:00:00[.fff]}, null as {@code null}, anything else as its toString. */
    public static String value(Object field) {
        if (field instanceof LocalDateTime dateTime) {
            return TIMESTAMP.format(dateTime);
        }
        if (field instanceof Timestamp timestamp) {
            return TIMESTAMP.format(timestamp.toLocalDateTime());
        }
        return String.valueOf(field);
    }
}
