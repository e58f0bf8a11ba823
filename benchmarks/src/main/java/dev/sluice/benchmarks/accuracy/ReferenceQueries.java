package dev.sluice.benchmarks.accuracy;

import dev.sluice.gateway.calibrate.MicroQuery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sluice.gateway.calibrate.Datagen.blackhole;
import static dev.sluice.gateway.calibrate.Datagen.events;

/**
 * The eight reference queries of issue 5, and two many-key window shapes of issue 20. Every source is datagen with a bounded key range; values that the
 * queries count distinct or join on are drawn from ranges large enough that they rarely repeat, so state entry
 * counts follow from the rate, the key range and the time bounds alone.
 */
final class ReferenceQueries {

    /** Aggregation keys: every key shows up within the first second at the rates measured. */
    static final long KEYS = 1_000;
    /** HOP keys: few enough that each key has several rows in every one-minute slice. */
    static final long HOP_KEYS = 100;
    /** Join keys: many, so a join emits about as many rows as it reads instead of multiplying them. */
    static final long JOIN_KEYS = 1_000_000;
    /**
     * Keys of the many-key window queries: about as many as rows in one slice at the rates measured, so a slice sees
     * only some of them (at 5,000 rows/s, 10,000 rows in a 2 s slice draw 6,321 of 10,000 keys).
     */
    static final long MANY_KEYS = 10_000;
    /** The HOP query's sources run event time this many times faster than the wall clock (see {@link #hop}). */
    static final int HOP_SPEED_UP = 240;

    private ReferenceQueries() {}

    static List<ReferenceQuery> all(long epochMillis) {
        return List.of(
                router(),
                tumble(),
                hop(epochMillis),
                session(),
                intervalJoin(),
                regularJoinWithTtl(),
                deduplication(),
                topN(),
                hopMaxJoin(),
                tumbleWindowJoin());
    }

    private static ReferenceQuery router() {
        return new ReferenceQuery(
                new MicroQuery(
                        "router",
                        List.of(events("events", KEYS), blackhole("routed", "k BIGINT, payload STRING")),
                        "INSERT INTO routed SELECT k, UPPER(payload) FROM events WHERE v < 250",
                        Map.of(),
                        Duration.ZERO,
                        Map.of("events", KEYS)),
                1);
    }

    private static ReferenceQuery tumble() {
        return new ReferenceQuery(
                new MicroQuery(
                        "tumble-count",
                        List.of(
                                events("events", KEYS),
                                blackhole("counts", "k BIGINT, window_start TIMESTAMP(3), c BIGINT")),
                        "INSERT INTO counts SELECT k, window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), "
                                + "INTERVAL '1' MINUTE)) GROUP BY k, window_start, window_end",
                        Map.of(),
                        Duration.ofSeconds(5),
                        Map.of("events", KEYS)),
                1);
    }

    /**
     * HOP 1 h / 1 min holds 60 one-minute slices per key; in real time that takes an hour to fill. Its source's
     * event time runs {@link #HOP_SPEED_UP} times faster than the clock (from {@code epochMillis} on), so the hour
     * fills in 15 s: per event-time second it sees {@code rate / HOP_SPEED_UP} rows.
     */
    private static ReferenceQuery hop(long epochMillis) {
        String millisNow = "(UNIX_TIMESTAMP() * 1000 + CAST(DATE_FORMAT(CURRENT_TIMESTAMP, 'SSS') AS BIGINT))";
        String ts = "ts AS TO_TIMESTAMP_LTZ(" + epochMillis + " + (" + millisNow + " - " + epochMillis + ") * "
                + HOP_SPEED_UP + ", 3)";
        return new ReferenceQuery(
                new MicroQuery(
                        "hop-count-distinct",
                        List.of(
                                events("events", HOP_KEYS, ts),
                                blackhole("distincts", "k BIGINT, window_start TIMESTAMP(3), c BIGINT")),
                        "INSERT INTO distincts SELECT k, window_start, COUNT(DISTINCT u) FROM TABLE(HOP(TABLE events, "
                                + "DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR)) GROUP BY k, window_start, window_end",
                        Map.of(),
                        Duration.ofSeconds(20),
                        Map.of("events", HOP_KEYS)),
                HOP_SPEED_UP);
    }

    private static ReferenceQuery session() {
        return new ReferenceQuery(
                new MicroQuery(
                        "session-count",
                        List.of(
                                events("events", KEYS),
                                blackhole("sessions", "k BIGINT, window_start TIMESTAMP(3), c BIGINT")),
                        "INSERT INTO sessions SELECT k, window_start, COUNT(*) FROM TABLE(SESSION(TABLE events PARTITION BY k, "
                                + "DESCRIPTOR(ts), INTERVAL '30' SECOND)) GROUP BY k, window_start, window_end",
                        Map.of(),
                        Duration.ofSeconds(5),
                        Map.of("events", KEYS)),
                1);
    }

    private static ReferenceQuery intervalJoin() {
        return new ReferenceQuery(
                new MicroQuery(
                        "interval-join",
                        List.of(
                                events("orders", JOIN_KEYS),
                                events("payments", JOIN_KEYS),
                                blackhole("paid", "k BIGINT, v INT, pv INT")),
                        "INSERT INTO paid SELECT o.k, o.v, p.v FROM orders o JOIN payments p ON o.k = p.k "
                                + "AND p.ts BETWEEN o.ts - INTERVAL '5' SECOND AND o.ts + INTERVAL '5' SECOND",
                        Map.of(),
                        Duration.ofSeconds(12),
                        Map.of("orders", JOIN_KEYS, "payments", JOIN_KEYS)),
                1);
    }

    private static ReferenceQuery regularJoinWithTtl() {
        return new ReferenceQuery(
                new MicroQuery(
                        "join-ttl",
                        List.of(
                                events("orders", JOIN_KEYS),
                                events("customers", JOIN_KEYS),
                                blackhole("enriched", "k BIGINT, v INT, cv INT")),
                        "INSERT INTO enriched SELECT o.k, o.v, c.v FROM orders o JOIN customers c ON o.k = c.k",
                        Map.of("table.exec.state.ttl", "10 s"),
                        Duration.ofSeconds(15),
                        Map.of("orders", JOIN_KEYS, "customers", JOIN_KEYS)),
                1);
    }

    private static ReferenceQuery deduplication() {
        return new ReferenceQuery(
                new MicroQuery(
                        "dedup",
                        List.of(events("events", KEYS), blackhole("firsts", "k BIGINT, u BIGINT")),
                        "INSERT INTO firsts SELECT k, u FROM (SELECT k, u, ROW_NUMBER() OVER (PARTITION BY k ORDER BY pt) AS rn "
                                + "FROM events) WHERE rn = 1",
                        Map.of(),
                        Duration.ofSeconds(5),
                        Map.of("events", KEYS)),
                1);
    }

    private static ReferenceQuery topN() {
        return new ReferenceQuery(
                new MicroQuery(
                        "top-3",
                        List.of(events("events", KEYS), blackhole("leaders", "k BIGINT, v INT, u BIGINT, rn BIGINT")),
                        "INSERT INTO leaders SELECT k, v, u, rn FROM (SELECT k, v, u, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) "
                                + "AS rn FROM events) WHERE rn <= 3",
                        Map.of(),
                        Duration.ofSeconds(5),
                        Map.of("events", KEYS)),
                1);
    }

    /**
     * A HOP 10 s / 2 s count per key joined with the largest count of its window (a window join on window start and
     * end), the shape of Nexmark's "hot items" query. The count is planned twice and run once (sub-plan reuse).
     */
    private static ReferenceQuery hopMaxJoin() {
        String counts =
                "SELECT k, COUNT(*) AS num, window_start, window_end FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), "
                        + "INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY k, window_start, window_end";
        return new ReferenceQuery(
                new MicroQuery(
                        "hop-max-join",
                        List.of(
                                events("events", MANY_KEYS),
                                blackhole("hot", "k BIGINT, num BIGINT, window_start TIMESTAMP(3)")),
                        "INSERT INTO hot SELECT c.k, c.num, c.window_start FROM (" + counts + ") c JOIN (SELECT "
                                + "MAX(num) AS maxn, window_start, window_end FROM (" + counts + ") GROUP BY "
                                + "window_start, window_end) m ON c.window_start = m.window_start AND c.window_end = "
                                + "m.window_end AND c.num >= m.maxn",
                        Map.of(),
                        Duration.ofSeconds(15),
                        Map.of("events", MANY_KEYS)),
                1);
    }

    /**
     * Two streams' keys per TUMBLE 10 s window, joined on key and window (a window join), the shape of Nexmark's
     * "new users who opened auctions" query.
     */
    private static ReferenceQuery tumbleWindowJoin() {
        return new ReferenceQuery(
                new MicroQuery(
                        "tumble-window-join",
                        List.of(
                                events("persons", MANY_KEYS),
                                events("auctions", MANY_KEYS),
                                blackhole("sellers", "k BIGINT, window_start TIMESTAMP(3)")),
                        "INSERT INTO sellers SELECT p.k, p.window_start FROM (SELECT k, window_start, window_end FROM "
                                + "TABLE(TUMBLE(TABLE persons, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, "
                                + "window_start, window_end) p JOIN (SELECT k, window_start, window_end FROM "
                                + "TABLE(TUMBLE(TABLE auctions, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY k, "
                                + "window_start, window_end) a ON p.k = a.k AND p.window_start = a.window_start AND "
                                + "p.window_end = a.window_end",
                        Map.of(),
                        Duration.ofSeconds(25),
                        Map.of("persons", MANY_KEYS, "auctions", MANY_KEYS)),
                1);
    }
}
