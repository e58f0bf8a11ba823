-- The first event of each order by event time (processing time would depend on arrival, not on the data).
-- Flink 2.2 keeps each order's earliest row until the watermark passes it, then emits it once, insert-only.
-- o3 'retried' (10:00:35) is out of order but not late, and replaces o3 'created' (10:00:40) as the first.
-- o4 (10:00:25) arrives when the watermark is 10:00:30: it is dropped, so o4 never appears.
SELECT order_id, status, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY ts ASC) AS row_num
  FROM order_events
)
WHERE row_num = 1
