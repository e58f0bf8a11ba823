-- The two users with the largest total per minute. carol's 10 (10:00:55) arrives when the watermark is 10:01:05,
-- after the first minute has fired: it is dropped, so carol (4) is not in that minute's top two, though with it
-- she would have led with 14.
SELECT window_start, window_end, user_name, total, rownum
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY total DESC) AS rownum
  FROM (
    SELECT window_start, window_end, user_name, SUM(amount) AS total
    FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
    GROUP BY window_start, window_end, user_name
  )
)
WHERE rownum <= 2
