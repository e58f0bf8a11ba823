package dev.sluice.tests.fuzz;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Valid streaming SQL scripts that the fuzzer mutates: the shapes analysts write (tables with watermarks, window
 * TVFs, joins, INSERT, STATEMENT SET, SET), kept short so that thousands of mutants validate in a few minutes.
 */
final class StreamingSqlCorpus {

    // Every table and view the scripts create, to be renamed per request.
    private static final Pattern CREATED_NAMES = Pattern.compile(
            "\\b(clicks|orders|order_totals|payments|shipments|users|visits|sensor|hot_devices|cold_devices|trades"
                    + "|big_trades|activity|rates|purchases)\\b");

    private StreamingSqlCorpus() {}

    /**
     * Script {@code which} with its tables renamed for request {@code index}. Concurrent validations that create the
     * same table wait on each other's lock in the metadata store, which the latency benchmark measures; here it
     * would only slow the run down.
     */
    static String script(int which, int index) {
        return CREATED_NAMES.matcher(SCRIPTS.get(which)).replaceAll("$1_" + index);
    }

    static final List<String> SCRIPTS = List.of("""
            CREATE TABLE clicks (
              user_id BIGINT,
              url STRING,
              ts TIMESTAMP(3),
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND
            ) WITH ('connector' = 'datagen', 'rows-per-second' = '10');
            SELECT window_start, window_end, COUNT(*) AS clicks_per_minute
            FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
            GROUP BY window_start, window_end;
            """, """
            CREATE TABLE orders (order_id BIGINT, amount DECIMAL(10, 2), order_time TIMESTAMP(3),
              WATERMARK FOR order_time AS order_time - INTERVAL '10' SECOND) WITH ('connector' = 'datagen');
            CREATE TABLE order_totals (window_start TIMESTAMP(3), window_end TIMESTAMP(3), total DECIMAL(20, 2))
              WITH ('connector' = 'blackhole');
            INSERT INTO order_totals
            SELECT window_start, window_end, SUM(amount)
            FROM TABLE(HOP(TABLE orders, DESCRIPTOR(order_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
            GROUP BY window_start, window_end;
            """, """
            CREATE TABLE payments (pay_id BIGINT, order_ref BIGINT, paid_at TIMESTAMP(3),
              WATERMARK FOR paid_at AS paid_at - INTERVAL '1' SECOND) WITH ('connector' = 'datagen');
            CREATE TABLE shipments (ship_id BIGINT, order_ref BIGINT, shipped_at TIMESTAMP(3),
              WATERMARK FOR shipped_at AS shipped_at) WITH ('connector' = 'datagen');
            SELECT p.pay_id, s.ship_id, s.shipped_at
            FROM payments p JOIN shipments s
              ON p.order_ref = s.order_ref
             AND s.shipped_at BETWEEN p.paid_at AND p.paid_at + INTERVAL '4' HOUR;
            """, """
            SET 'table.exec.state.ttl' = '1 h';
            SET 'pipeline.name' = 'regular join';
            CREATE TEMPORARY TABLE users (id BIGINT, name STRING) WITH ('connector' = 'datagen');
            CREATE TEMPORARY TABLE visits (user_id BIGINT, page STRING) WITH ('connector' = 'datagen');
            SELECT u.name, COUNT(*) AS visits, MAX(CHAR_LENGTH(v.page))
            FROM users u LEFT JOIN visits v ON u.id = v.user_id
            WHERE u.name LIKE 'a%' OR u.name IS NULL
            GROUP BY u.name;
            """, """
            CREATE TABLE sensor (device STRING, reading DOUBLE, at_time TIMESTAMP_LTZ(3),
              WATERMARK FOR at_time AS at_time - INTERVAL '2' SECOND) WITH ('connector' = 'datagen');
            CREATE TABLE hot_devices (device STRING, avg_reading DOUBLE) WITH ('connector' = 'print');
            CREATE TABLE cold_devices (device STRING, avg_reading DOUBLE) WITH ('connector' = 'blackhole');
            EXECUTE STATEMENT SET
            BEGIN
              INSERT INTO hot_devices SELECT device, AVG(reading) FROM sensor WHERE reading > 40.5 GROUP BY device;
              INSERT INTO cold_devices SELECT device, AVG(reading) FROM sensor WHERE reading < -10 GROUP BY device;
            END;
            """, """
            CREATE TABLE trades (symbol STRING, price DOUBLE, qty INT, traded_at TIMESTAMP(3),
              WATERMARK FOR traded_at AS traded_at - INTERVAL '3' SECOND) WITH ('connector' = 'datagen');
            CREATE VIEW big_trades AS SELECT symbol, price * qty AS notional, traded_at FROM trades WHERE qty >= 100;
            SELECT symbol, window_start, window_end, SUM(notional) AS notional,
              CASE WHEN SUM(notional) > 1e6 THEN 'large' ELSE 'small' END AS bucket
            FROM TABLE(CUMULATE(TABLE big_trades, DESCRIPTOR(traded_at), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
            GROUP BY symbol, window_start, window_end;
            """, """
            -- sessions of activity per user, with a comment, a tab\tand a quoted 'semi;colon'
            CREATE TABLE activity (user_name STRING, action STRING, acted_at TIMESTAMP(3),
              WATERMARK FOR acted_at AS acted_at - INTERVAL '30' SECOND) WITH ('connector' = 'datagen');
            /* a block comment; with a semicolon */
            SELECT user_name, window_start, window_end, COUNT(DISTINCT action), LISTAGG(action, ';')
            FROM TABLE(SESSION(TABLE activity PARTITION BY user_name, DESCRIPTOR(acted_at), INTERVAL '5' MINUTE))
            GROUP BY user_name, window_start, window_end;
            """, """
            CREATE TABLE rates (currency STRING, rate DECIMAL(12, 6), valid_from TIMESTAMP(3),
              WATERMARK FOR valid_from AS valid_from, PRIMARY KEY (currency) NOT ENFORCED)
              WITH ('connector' = 'datagen');
            CREATE TABLE purchases (id BIGINT, currency STRING, price DECIMAL(10, 2), bought_at TIMESTAMP(3),
              WATERMARK FOR bought_at AS bought_at) WITH ('connector' = 'datagen');
            WITH priced AS (
              SELECT p.id, p.price * r.rate AS converted, p.bought_at
              FROM purchases p JOIN rates FOR SYSTEM_TIME AS OF p.bought_at AS r ON p.currency = r.currency)
            SELECT id, CAST(converted AS DECIMAL(12, 2)), DATE_FORMAT(bought_at, 'yyyy-MM-dd') FROM priced;
            """);
}
