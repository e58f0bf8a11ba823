-- Router, three jobs: the same tables as router-statement-set.sql, one INSERT (one job, one read of the topic)
-- per sink, so a sink that is down stalls only its own path.
INSERT INTO impressions_out SELECT user_id, title, ts FROM events WHERE kind = 'impression';
INSERT INTO plays_out       SELECT user_id, title, ts FROM events WHERE kind = 'play';
INSERT INTO signups_out     SELECT user_id, ts        FROM events WHERE kind = 'signup';
