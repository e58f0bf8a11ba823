package dev.sluice.benchmarks.accuracy;

import dev.sluice.benchmarks.accuracy.ReferenceQuery.Family;
import dev.sluice.benchmarks.accuracy.ReferenceQuery.Half;
import dev.sluice.gateway.calibrate.MicroQuery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sluice.gateway.calibrate.Datagen.blackhole;
import static dev.sluice.gateway.calibrate.Datagen.events;

/**
 * The eight reference queries of issue 5, two many-key window shapes of issue 20, and issue 20's queries of the other
 * families, fitted (those whose measurements informed a model change) and unseen. Every source is datagen with a bounded key range; values that the
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
                tumbleWindowJoin(),
                overRows(),
                overRange(),
                windowTopN(),
                windowDeduplication(),
                matchRecognize(),
                unionCount(),
                legacyHop(),
                hopWindowJoin(),
                topCounts(),
                overRowsEventTime(),
                overRangeProcessingTime(),
                hopWindowTop1(),
                matchLoop());
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
                Family.STATELESS,
                Half.FITTED,
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
                Family.WINDOWS,
                Half.FITTED,
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
                Family.WINDOWS,
                Half.FITTED,
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
                Family.WINDOWS,
                Half.FITTED,
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
                Family.JOINS,
                Half.FITTED,
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
                Family.JOINS,
                Half.FITTED,
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
                Family.DEDUP,
                Half.FITTED,
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
                Family.TOP_N,
                Half.FITTED,
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
                Family.JOINS,
                Half.FITTED,
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
                Family.JOINS,
                Half.FITTED,
                1);
    }

    /** A moving sum over each key's last ten rows in arrival order (OVER ROWS, processing time). */
    private static ReferenceQuery overRows() {
        return query(
                Half.FITTED,
                "over-rows",
                Family.OVER,
                List.of(events("events", KEYS), blackhole("moving", "k BIGINT, v INT, s INT")),
                "INSERT INTO moving SELECT k, v, SUM(v) OVER (PARTITION BY k ORDER BY pt ROWS BETWEEN 9 PRECEDING AND "
                        + "CURRENT ROW) FROM events",
                Duration.ofSeconds(5),
                Map.of("events", KEYS));
    }

    /** Each row with its key's row count over the last 10 s of event time (OVER RANGE, event time). */
    private static ReferenceQuery overRange() {
        return query(
                Half.FITTED,
                "over-range",
                Family.OVER,
                List.of(events("events", KEYS), blackhole("recent", "k BIGINT, v INT, c BIGINT")),
                "INSERT INTO recent SELECT k, v, COUNT(*) OVER (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '10' "
                        + "SECOND PRECEDING AND CURRENT ROW) FROM events",
                Duration.ofSeconds(15),
                Map.of("events", KEYS));
    }

    /** The three largest values per key in every TUMBLE 10 s window, ranked on the window TVF itself (window top-N). */
    private static ReferenceQuery windowTopN() {
        return query(
                Half.FITTED,
                "window-top-3",
                Family.TOP_N,
                List.of(
                        events("events", KEYS),
                        blackhole("window_leaders", "k BIGINT, v INT, window_start TIMESTAMP(3), rn BIGINT")),
                "INSERT INTO window_leaders SELECT k, v, window_start, rn FROM (SELECT k, v, window_start, window_end, "
                        + "ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn FROM "
                        + "TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn <= 3",
                Duration.ofSeconds(15),
                Map.of("events", KEYS));
    }

    /** The first row per key in every TUMBLE 10 s window (window deduplication). */
    private static ReferenceQuery windowDeduplication() {
        return query(
                Half.UNSEEN,
                "window-dedup",
                Family.DEDUP,
                List.of(
                        events("events", KEYS),
                        blackhole("window_firsts", "k BIGINT, u BIGINT, window_start TIMESTAMP(3)")),
                "INSERT INTO window_firsts SELECT k, u, window_start FROM (SELECT k, u, window_start, window_end, "
                        + "ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts ASC) AS rn FROM "
                        + "TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))) WHERE rn = 1",
                Duration.ofSeconds(15),
                Map.of("events", KEYS));
    }

    /** A low value followed by a high one of the same key within 5 s (MATCH_RECOGNIZE). */
    private static ReferenceQuery matchRecognize() {
        return query(
                Half.FITTED,
                "match-low-high",
                Family.CEP,
                List.of(events("events", KEYS), blackhole("swings", "k BIGINT, low INT, high INT")),
                "INSERT INTO swings SELECT k, low, high FROM events MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts "
                        + "MEASURES A.v AS low, B.v AS high ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW "
                        + "PATTERN (A B) WITHIN INTERVAL '5' SECOND DEFINE A AS A.v < 100, B AS B.v >= 900)",
                Duration.ofSeconds(10),
                Map.of("events", KEYS));
    }

    /** Two sources' rows, UNION ALL, counted and summed per key (a regular GROUP BY). */
    private static ReferenceQuery unionCount() {
        return query(
                Half.UNSEEN,
                "union-count",
                Family.UNIONS,
                List.of(
                        events("clicks", KEYS),
                        events("impressions", KEYS),
                        blackhole("totals", "k BIGINT, c BIGINT, s INT, PRIMARY KEY (k) NOT ENFORCED")),
                "INSERT INTO totals SELECT k, COUNT(*), SUM(v) FROM (SELECT k, v FROM clicks UNION ALL SELECT k, v "
                        + "FROM impressions) GROUP BY k",
                Duration.ofSeconds(5),
                Map.of("clicks", KEYS, "impressions", KEYS));
    }

    /** A legacy group window: {@code GROUP BY k, HOP(ts, 2 s, 10 s)} with {@code HOP_START}. */
    private static ReferenceQuery legacyHop() {
        return query(
                Half.UNSEEN,
                "legacy-hop",
                Family.WINDOWS,
                List.of(
                        events("events", KEYS),
                        blackhole("legacy_counts", "k BIGINT, window_start TIMESTAMP(3), c BIGINT")),
                "INSERT INTO legacy_counts SELECT k, HOP_START(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND), COUNT(*) "
                        + "FROM events GROUP BY k, HOP(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)",
                Duration.ofSeconds(15),
                Map.of("events", KEYS));
    }

    /** Two streams' rows joined on key within the same HOP 10 s / 5 s window (a window join on the TVFs). */
    private static ReferenceQuery hopWindowJoin() {
        String side = "SELECT k, v, window_start, window_end FROM TABLE(HOP(TABLE %s, DESCRIPTOR(ts), INTERVAL '5' "
                + "SECOND, INTERVAL '10' SECOND))";
        return query(
                Half.UNSEEN,
                "hop-window-join",
                Family.JOINS,
                List.of(
                        events("bids", JOIN_KEYS),
                        events("asks", JOIN_KEYS),
                        blackhole("crossed", "k BIGINT, bid INT, ask INT, window_start TIMESTAMP(3)")),
                "INSERT INTO crossed SELECT b.k, b.v, a.v, b.window_start FROM (" + String.format(side, "bids")
                        + ") b JOIN (" + String.format(side, "asks") + ") a ON b.k = a.k AND b.window_start = "
                        + "a.window_start AND b.window_end = a.window_end",
                Duration.ofSeconds(20),
                Map.of("bids", JOIN_KEYS, "asks", JOIN_KEYS));
    }

    /** The three keys with the most rows so far, a top-N over a GROUP BY's updates (a regular top-N). */
    private static ReferenceQuery topCounts() {
        return query(
                Half.UNSEEN,
                "top-3-counts",
                Family.TOP_N,
                List.of(
                        events("events", KEYS),
                        blackhole("busiest", "rn BIGINT, k BIGINT, c BIGINT, PRIMARY KEY (rn) NOT ENFORCED")),
                "INSERT INTO busiest SELECT rn, k, c FROM (SELECT k, c, ROW_NUMBER() OVER (ORDER BY c DESC) AS rn "
                        + "FROM (SELECT k, COUNT(*) AS c FROM events GROUP BY k)) WHERE rn <= 3",
                Duration.ofSeconds(5),
                Map.of("events", KEYS));
    }

    /**
     * Each row with the average of its key's last five rows in event time (OVER ROWS, event time), over 10,000 keys:
     * unseen, in place of over-rows.
     */
    private static ReferenceQuery overRowsEventTime() {
        return query(
                Half.UNSEEN,
                "over-rows-event",
                Family.OVER,
                List.of(events("events", MANY_KEYS), blackhole("smoothed", "k BIGINT, v INT, a INT")),
                "INSERT INTO smoothed SELECT k, v, AVG(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 4 PRECEDING AND "
                        + "CURRENT ROW) FROM events",
                // A key's five rows take about 17 s at 3,000 rows/s over 10,000 keys.
                Duration.ofSeconds(30),
                Map.of("events", MANY_KEYS));
    }

    /**
     * Each row with its key's largest value of the last 5 s in processing time (OVER RANGE, processing time), over 100
     * keys: unseen, in place of over-range.
     */
    private static ReferenceQuery overRangeProcessingTime() {
        return query(
                Half.UNSEEN,
                "over-range-proc",
                Family.OVER,
                List.of(events("events", HOP_KEYS), blackhole("peaks", "k BIGINT, v INT, m INT")),
                "INSERT INTO peaks SELECT k, v, MAX(v) OVER (PARTITION BY k ORDER BY pt RANGE BETWEEN INTERVAL '5' "
                        + "SECOND PRECEDING AND CURRENT ROW) FROM events",
                Duration.ofSeconds(10),
                Map.of("events", HOP_KEYS));
    }

    /** The largest value per key in every HOP 10 s / 5 s window (window top-1): unseen, in place of window-top-3. */
    private static ReferenceQuery hopWindowTop1() {
        return query(
                Half.UNSEEN,
                "window-top-1-hop",
                Family.TOP_N,
                List.of(
                        events("events", KEYS),
                        blackhole("window_maxima", "k BIGINT, v INT, window_start TIMESTAMP(3)")),
                "INSERT INTO window_maxima SELECT k, v, window_start FROM (SELECT k, v, window_start, window_end, "
                        + "ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn FROM "
                        + "TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND))) "
                        + "WHERE rn = 1",
                Duration.ofSeconds(20),
                Map.of("events", KEYS));
    }

    /**
     * A low value, one or more high ones and a low one again, of the same key within 5 s (MATCH_RECOGNIZE with a
     * looping variable): unseen, in place of match-low-high.
     */
    private static ReferenceQuery matchLoop() {
        return query(
                Half.UNSEEN,
                "match-low-run-low",
                Family.CEP,
                List.of(events("events", KEYS), blackhole("runs", "k BIGINT, low INT, high INT")),
                "INSERT INTO runs SELECT k, low, high FROM events MATCH_RECOGNIZE (PARTITION BY k ORDER BY ts "
                        + "MEASURES A.v AS low, LAST(B.v) AS high ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW "
                        + "PATTERN (A B+ C) WITHIN INTERVAL '5' SECOND DEFINE A AS A.v < 100, B AS B.v >= 500, "
                        + "C AS C.v < 500)",
                Duration.ofSeconds(10),
                Map.of("events", KEYS));
    }

    /**
     * A query of the given half: fitted if its measurements informed the model (docs/benchmarks.md section 6, fitting
     * discipline), else unseen.
     */
    private static ReferenceQuery query(
            Half half,
            String name,
            Family family,
            List<String> ddl,
            String insert,
            Duration steadyState,
            Map<String, Long> sourceKeys) {
        return new ReferenceQuery(
                new MicroQuery(name, ddl, insert, Map.of(), steadyState, sourceKeys), family, half, 1);
    }
}
