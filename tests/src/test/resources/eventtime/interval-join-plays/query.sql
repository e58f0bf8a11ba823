-- A play counts for an impression of the same ad up to two minutes after it. play5 is 20 s out of order, within
-- the plays' 30 s delay, so it still joins. No row is later than its own table's watermark: the join's watermark
-- is the smaller of the two inputs', and how far each source has read is up to timing, so whether a late row
-- still finds its partner would not be deterministic.
SELECT i.impression_id, p.play_id, i.ad_id, i.ts AS impression_ts, p.ts AS play_ts
FROM impressions AS i
JOIN plays AS p
  ON p.ad_id = i.ad_id
  AND p.ts BETWEEN i.ts AND i.ts + INTERVAL '2' MINUTE
