package dev.sluice.benchmarks;

import java.util.List;

/**
 * The SQL both sides run, written once so the gateway and plain Flink get exactly the same statements. Datagen
 * throttles to 10000 rows/s unless told otherwise, so every source sets a rate far above what one task reaches.
 */
final class Workload {

    private static final long UNTHROTTLED_ROWS_PER_SECOND = 1_000_000_000L;

    /** Rows of the first-row source: bounded only so a job that failed to cancel still ends. */
    private static final long FIRST_ROW_SOURCE_ROWS = 10_000_000L;

    static final String FIRST_ROW_QUERY = "SELECT id FROM first_row_source";

    static final String HOP_INSERT = """
            INSERT INTO hop_sink
            SELECT window_start, window_end, k, COUNT(*) AS events, COUNT(DISTINCT u) AS users
            FROM TABLE(HOP(TABLE hop_source, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '10' SECOND))
            GROUP BY window_start, window_end, k""";

    private Workload() {}

    /** The tables both benchmarks read and write; {@code hopRows} is how many rows the HOP source produces. */
    static List<String> tables(long hopRows) {
        return List.of(
                """
                CREATE TABLE first_row_source (id BIGINT) WITH (
                  'connector' = 'datagen',
                  'rows-per-second' = '%d',
                  'number-of-rows' = '%d')""".formatted(UNTHROTTLED_ROWS_PER_SECOND, FIRST_ROW_SOURCE_ROWS),
                // Event time is the sequence number in milliseconds: in order, so no row is late and both sides
                // aggregate exactly the same windows (1000 rows per second of event time, each in 10 windows).
                // The sequence also makes the row count exact, which job metrics cannot confirm: the source's
                // vertex reports what the local aggregation chained to it emits, not what the source read.
                """
                CREATE TABLE hop_source (
                  id BIGINT,
                  k INT,
                  u INT,
                  ts AS TO_TIMESTAMP_LTZ(id, 3),
                  WATERMARK FOR ts AS ts
                ) WITH (
                  'connector' = 'datagen',
                  'rows-per-second' = '%d',
                  'number-of-rows' = '%d',
                  'fields.id.kind' = 'sequence',
                  'fields.id.start' = '1',
                  'fields.id.end' = '%d',
                  'fields.k.min' = '0',
                  'fields.k.max' = '15',
                  'fields.u.min' = '0',
                  'fields.u.max' = '9999')""".formatted(UNTHROTTLED_ROWS_PER_SECOND, hopRows, hopRows),
                """
                CREATE TABLE hop_sink (
                  window_start TIMESTAMP(3),
                  window_end TIMESTAMP(3),
                  k INT,
                  events BIGINT,
                  users BIGINT
                ) WITH ('connector' = 'blackhole')""");
    }
}
