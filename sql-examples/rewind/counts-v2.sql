-- Version 2: load-test users ('test-...') no longer count. A compatible change: the filter joins the projection
-- that reads the topic, so the job's operators, and the state each holds, are those of version 1. Started from
-- version 1's savepoint, it goes on from the offsets and the open windows version 1 had when it stopped: nothing is
-- read twice or skipped, and a window open across the change keeps what version 1 had counted in it.
-- ${SAVEPOINT}: the path listed under "savepoints" by GET /api/v1/jobs/<version 1's id> after
-- POST /api/v1/jobs/<id>:stop {"savepoint": true}.
SET 'execution.state-recovery.path' = '${SAVEPOINT}';

INSERT INTO plays_per_minute
SELECT title, window_start, COUNT(*)
FROM TABLE(TUMBLE(TABLE plays, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE user_id NOT LIKE 'test-%'
GROUP BY title, window_start, window_end;
