-- Version 1 of the job: plays per title and minute. (It counts the load-test users' plays too: the bug version 2
-- fixes.)
INSERT INTO plays_per_minute
SELECT title, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE plays, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY title, window_start, window_end;
