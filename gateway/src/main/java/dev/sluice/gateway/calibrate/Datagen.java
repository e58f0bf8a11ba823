package dev.sluice.gateway.calibrate;

/**
 * DDL of the tables measured jobs read and write: datagen sources whose key column {@code k} has a bounded range,
 * so distinct-key counts are known, and blackhole sinks, so nothing but the query costs. {@code ${rate}} stands
 * for the rows per second of a run ({@link MicroQuery#ddlAt}).
 */
public final class Datagen {

    /** Where the DDL names the input rate. */
    public static final String RATE = "${rate}";
    /** The event-time column of real time: each row's time is when it was made. */
    public static final String REAL_TIME = "ts AS CURRENT_TIMESTAMP";

    private Datagen() {}

    /**
     * A source table {@code (k BIGINT, u BIGINT, v INT, payload STRING, ts, pt)}: {@code k} in 1..keys, {@code u}
     * any BIGINT (practically unique), {@code v} in 0..999, a 16-character payload, {@code ts} the event time
     * given by {@code timeColumn} with a watermark 1 s behind, {@code pt} the processing time.
     */
    public static String events(String table, long keys, String timeColumn) {
        return "CREATE TEMPORARY TABLE " + table + " (k BIGINT, u BIGINT, v INT, payload STRING, "
                + timeColumn + ", pt AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ("
                + "'connector' = 'datagen', 'rows-per-second' = '" + RATE + "', "
                + "'fields.k.min' = '1', 'fields.k.max' = '" + keys + "', "
                + "'fields.v.min' = '0', 'fields.v.max' = '999', 'fields.payload.length' = '16')";
    }

    public static String events(String table, long keys) {
        return events(table, keys, REAL_TIME);
    }

    public static String blackhole(String table, String columns) {
        return "CREATE TEMPORARY TABLE " + table + " (" + columns + ") WITH ('connector' = 'blackhole')";
    }
}
