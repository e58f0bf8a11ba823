-- Restatement: version 2's figures for a past period, recomputed from the topic into their own table. The source
-- starts at the offsets of the period's first instant and stops at those of its end (both from the records'
-- timestamps), with empty state and no savepoint, so the job reads only that period and finishes; a window that
-- crosses either end is partial and not for comparison. ${FROM_MILLIS} and ${TO_MILLIS}: the period in epoch
-- milliseconds (UTC).
CREATE TEMPORARY VIEW past_plays AS
SELECT * FROM plays /*+ OPTIONS('scan.startup.mode' = 'timestamp', 'scan.startup.timestamp-millis' = '${FROM_MILLIS}',
                                 'scan.bounded.mode' = 'timestamp', 'scan.bounded.timestamp-millis' = '${TO_MILLIS}') */;

INSERT INTO plays_per_minute_restated
SELECT title, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE past_plays, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE user_id NOT LIKE 'test-%'
GROUP BY title, window_start, window_end;
